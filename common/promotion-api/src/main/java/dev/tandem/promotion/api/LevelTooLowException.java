package dev.tandem.promotion.api;

/** The member's level does not reach the one the promotion requires; nothing was claimed. */
public class LevelTooLowException extends RuntimeException {

  public LevelTooLowException(long promotionId, String levelRequired) {
    super("promotion " + promotionId + " requires level " + levelRequired);
  }
}
