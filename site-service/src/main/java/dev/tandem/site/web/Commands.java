package dev.tandem.site.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.Set;

/**
 * The site's half of checking a command once: before a command is sent, it is checked against the
 * constraints its contract record carries ({@code member-api}, {@code promotion-api}); {@link
 * ProblemHandler} answers a violation 400, naming each field. The provider checks the same
 * constraints again (Dubbo's validation), so nothing here is a second copy of a rule.
 */
public class Commands {

  private final Validator validator;

  Commands(Validator validator) {
    this.validator = validator;
  }

  /** The command, when it keeps every constraint of its record. */
  public <T> T valid(T command) {
    Set<ConstraintViolation<T>> violations = validator.validate(command);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    return command;
  }
}
