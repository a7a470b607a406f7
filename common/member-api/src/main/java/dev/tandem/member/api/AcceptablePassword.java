package dev.tandem.member.api;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The registration's password follows {@link PasswordPolicy}, which needs the name and email too:
 * so a constraint on the whole command, reported on the {@code password} field.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = AcceptablePassword.Check.class)
public @interface AcceptablePassword {

  String message() default "is not acceptable";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Checks the password against the policy, with the name and email it must not contain. */
  class Check implements ConstraintValidator<AcceptablePassword, RegisterMember> {

    @Override
    public boolean isValid(RegisterMember request, ConstraintValidatorContext context) {
      if (request.password() == null) {
        return true; // @NotNull on the field says so
      }
      return PasswordPolicy.violation(request.password(), request.name(), request.email())
          .map(
              violation -> {
                context.disableDefaultConstraintViolation();
                context
                    .buildConstraintViolationWithTemplate(violation)
                    .addPropertyNode("password")
                    .addConstraintViolation();
                return false;
              })
          .orElse(true);
    }
  }
}
