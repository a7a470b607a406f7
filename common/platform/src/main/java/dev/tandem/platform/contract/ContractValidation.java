package dev.tandem.platform.contract;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.validation.Validator;

/**
 * Dubbo's validation ({@code dubbo.provider.validation=tandem}, a platform default) with the
 * constraints the contract records carry: every provider checks every command it receives, so a
 * consumer that skipped its own check (site-service answers 400 from the same constraints) still
 * cannot store what a column would cut or refuse.
 *
 * <p>Dubbo's own validators throw Bean Validation's exceptions, whose violations do not serialize:
 * the consumer got a serialization error instead of the reason. This one refuses with an {@link
 * IllegalArgumentException} whose message lists each field and what is wrong with it, which Dubbo
 * carries to the consumer as it is.
 */
public class ContractValidation implements org.apache.dubbo.validation.Validation {

  // Built when Dubbo creates this extension (as it exports the first service), not on the first
  // call: building it takes Hibernate Validator some hundreds of milliseconds on a busy machine.
  private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();

  private final Validator validator = new CommandValidator(FACTORY.getValidator());

  @Override
  public Validator getValidator(URL url) {
    return validator;
  }

  /**
   * Checks each argument that is a record (a contract command); other arguments pass as they are.
   */
  static final class CommandValidator implements Validator {

    private final jakarta.validation.Validator validator;

    CommandValidator(jakarta.validation.Validator validator) {
      this.validator = validator;
    }

    @Override
    public void validate(String methodName, Class<?>[] parameterTypes, Object[] arguments) {
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < parameterTypes.length; i++) {
        if (!parameterTypes[i].isRecord()) {
          continue;
        }
        Object command = i < arguments.length ? arguments[i] : null;
        if (command == null) {
          problems.add(parameterTypes[i].getSimpleName() + " is required");
        } else {
          problems.addAll(violations(validator.validate(command)));
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join(", ", problems));
      }
    }

    @Override
    public boolean isSupport() {
      return true;
    }

    private static List<String> violations(Set<? extends ConstraintViolation<?>> violations) {
      return violations.stream()
          .map(violation -> violation.getPropertyPath() + " " + violation.getMessage())
          .sorted()
          .collect(Collectors.toList());
    }
  }
}
