package dev.tandem.constraints;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.Instant;

/**
 * An instant a MySQL {@code DATETIME} holds: years 1000 to 9999. An {@link Instant} reaches a
 * billion years either way, and a date the column cannot store failed as a server error. A day of
 * margin at each end leaves room for any time zone the driver converts through. {@code null} is
 * valid: {@code @NotNull} says whether it is required.
 */
@Target({FIELD, METHOD, PARAMETER})
@Retention(RUNTIME)
@Constraint(validatedBy = StorableInstant.Validator.class)
public @interface StorableInstant {

  Instant EARLIEST = Instant.parse("1000-01-02T00:00:00Z");
  Instant LATEST = Instant.parse("9999-12-30T23:59:59Z");

  String message() default "must be between 1000-01-02T00:00:00Z and 9999-12-30T23:59:59Z";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  final class Validator implements ConstraintValidator<StorableInstant, Instant> {
    @Override
    public boolean isValid(Instant value, ConstraintValidatorContext context) {
      return value == null || (!value.isBefore(EARLIEST) && !value.isAfter(LATEST));
    }
  }
}
