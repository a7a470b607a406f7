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
import java.util.Locale;

/**
 * Text that a column of {@link #max} characters holds as the provider will store it.
 *
 * <p>{@code @Size} counts UTF-16 units of what the client sent; a column counts characters of what
 * is written, and providers store some fields trimmed and lower-cased ({@code İ} lower-cases to two
 * characters), so a value {@code @Size} accepts could still overflow the column and fail as a
 * server error. Control characters (NUL, escapes, and line breaks unless {@link #multiline}) and
 * unpaired surrogates are refused: they are never meant, and break logs, JSON and terminals.
 * Letters of every script and emoji are welcome. {@code null} is valid: {@code @NotNull} says
 * whether it is required.
 */
@Target({FIELD, METHOD, PARAMETER})
@Retention(RUNTIME)
@Constraint(validatedBy = StorableText.Validator.class)
public @interface StorableText {

  /** The column's length in characters. */
  int max();

  /** Whether line breaks and tabs are allowed. */
  boolean multiline() default false;

  String message() default "must be at most {max} characters of text without control characters";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  final class Validator implements ConstraintValidator<StorableText, String> {

    private int max;
    private boolean multiline;

    @Override
    public void initialize(StorableText annotation) {
      max = annotation.max();
      multiline = annotation.multiline();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      if (value == null) {
        return true;
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
          return false;
        }
        if (Character.isHighSurrogate(c)) {
          if (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
            return false;
          }
          i++;
        } else if (Character.isLowSurrogate(c)) {
          return false;
        }
      }
      String folded = value.strip().toLowerCase(Locale.ROOT);
      return value.codePointCount(0, value.length()) <= max
          && folded.codePointCount(0, folded.length()) <= max;
    }
  }
}
