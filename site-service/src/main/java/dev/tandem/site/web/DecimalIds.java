package dev.tandem.site.web;

import java.beans.PropertyEditorSupport;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Reads an id from a path or a query: a positive whole number in ASCII decimal digits, nothing
 * else.
 *
 * <p>Spring's default conversion is lenient, so {@code 0x1F}, {@code #1F}, {@code 007}, full-width
 * digits, a leading {@code +} and surrounding spaces all named the same member as its decimal id:
 * one resource with many URLs, which caches, logs and rate limits keyed on the path count as
 * different. Zero and negative numbers are never ids. Either way the answer is 400 naming the
 * parameter, never a lookup.
 *
 * <p>A property editor bound for every controller rather than a converter: when a converter refuses
 * a value, Spring falls back to its default editor, which reads {@code 0x1F} after all.
 */
@ControllerAdvice
class DecimalIds {

  /** Long.MAX_VALUE has 19 digits. */
  private static final int MAX_DIGITS = 19;

  @InitBinder
  void strictIds(WebDataBinder binder) {
    binder.registerCustomEditor(long.class, new Editor());
    binder.registerCustomEditor(Long.class, new Editor());
  }

  static long parse(String text) {
    if (text.isEmpty() || text.length() > MAX_DIGITS || text.charAt(0) == '0') {
      throw new IllegalArgumentException(reason());
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException(reason());
      }
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException tooLarge) {
      throw new IllegalArgumentException(reason());
    }
  }

  static String reason() {
    return "must be a positive whole number in decimal digits";
  }

  private static final class Editor extends PropertyEditorSupport {
    @Override
    public void setAsText(String text) {
      setValue(parse(text));
    }
  }
}
