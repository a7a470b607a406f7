package dev.tandem.promotion.welcome;

/**
 * A readable event that cannot be applied as it is; retrying cannot help, so it is dead-lettered.
 */
class InvalidEventException extends RuntimeException {

  InvalidEventException(String message) {
    super(message);
  }
}
