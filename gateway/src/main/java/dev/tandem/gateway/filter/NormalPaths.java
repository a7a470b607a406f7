package dev.tandem.gateway.filter;

import dev.tandem.gateway.problem.RequestRefused;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a path that is not in normal form, before any route sees it.
 *
 * <p>The gateway matches routes on the path as sent, and the service behind it resolves the path
 * again its own way: {@code /api/../actuator/env} matches {@code /api/**} here and is {@code
 * /actuator/env} in Tomcat; {@code /api/..;/x}, an encoded dot or slash, or a backslash play the
 * same trick through a different decoder. Refusing them (400) instead of normalising them means
 * every tier sees one spelling of a path, the one the route was chosen by. No client of the API
 * writes such paths. nginx refuses them too; the gateway checks again because it is reachable
 * inside the network without nginx.
 */
@Component
public class NormalPaths implements WebFilter, Ordered {

  /** Right after the request id, so the 400 carries it. */
  public static final int ORDER = RequestIdFilter.ORDER + 1;

  /**
   * Dot segments, empty segments, path parameters, backslashes, NUL and control characters, and the
   * percent-encoded spellings of dot, slash, backslash, semicolon and percent itself.
   */
  private static final Pattern ABNORMAL =
      Pattern.compile(
          "(^|/)\\.\\.?(/|$)|//|;|\\\\|\\p{Cntrl}|%(2[eEfF]|5[cC]|3[bB]|25|00|[01][0-9a-fA-F]|7[fF])");

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getURI().getRawPath();
    if (path == null
        || !path.startsWith("/")
        || ABNORMAL.matcher(path).find()
        || !decodesAsUtf8(path)) {
      return Mono.error(
          new RequestRefused(
              "the path must be in normal form: no '.', '..' or empty segments, no ';' or '\\',"
                  + " no encoded '.', '/', '\\', ';', '%' or control characters, and its escapes"
                  + " must spell UTF-8"));
    }
    return chain.filter(exchange);
  }

  /**
   * Whether the path's percent escapes spell valid UTF-8: {@code %FF} would otherwise pass here and
   * be refused by the service's own HTTP decoder with an error page of its own.
   */
  static boolean decodesAsUtf8(String rawPath) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c == '%') {
        if (i + 2 >= rawPath.length()) {
          return false;
        }
        int high = Character.digit(rawPath.charAt(i + 1), 16);
        int low = Character.digit(rawPath.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          return false;
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
