package dev.tandem.platform.problem;

import java.net.URI;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Tandem's error model: every error a client sees is an RFC 9457 {@code application/problem+json}
 * body whose {@code type} is a stable URI under {@link #BASE}. Clients branch on {@code type},
 * never on {@code title} or {@code detail}, so a type, once published, keeps its meaning.
 *
 * <p>The types every HTTP-facing service shares are named here; a service adds the ones of its
 * domain (e.g. {@code duplicate-email}) with {@link #type(String)}.
 */
public final class Problems {

  public static final String BASE = "https://tandem.dev/problems/";

  /** A field, parameter or body the server cannot accept; {@code detail} names the field. */
  public static final String INVALID_REQUEST = "invalid-request";

  /** A write arrived without an {@code Idempotency-Key} header. */
  public static final String IDEMPOTENCY_KEY_REQUIRED = "idempotency-key-required";

  /** No such resource (or no such path). */
  public static final String NOT_FOUND = "not-found";

  /** The path exists, the method does not. */
  public static final String METHOD_NOT_ALLOWED = "method-not-allowed";

  /** No valid access token came with a request that needs one (401, {@code WWW-Authenticate}). */
  public static final String UNAUTHORIZED = "unauthorized";

  /** The token is valid but does not grant this: another member's data, an admin action (403). */
  public static final String FORBIDDEN = "forbidden";

  /** Too many attempts: wait as long as {@code Retry-After} says (429). */
  public static final String TOO_MANY_REQUESTS = "too-many-requests";

  /** A service behind this one is unavailable; retrying later (or elsewhere) may succeed. */
  public static final String SERVICE_UNAVAILABLE = "service-unavailable";

  /** A service behind this one answered with something this one cannot pass on. */
  public static final String BAD_GATEWAY = "bad-gateway";

  /** A service behind this one did not answer in time. */
  public static final String GATEWAY_TIMEOUT = "gateway-timeout";

  /** A fault of ours. The response says nothing more; the log has the details. */
  public static final String INTERNAL_ERROR = "internal-error";

  public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

  public static final String REQUEST_ID_HEADER = "X-Request-Id";

  private Problems() {}

  public static URI type(String slug) {
    return URI.create(BASE + slug);
  }

  public static ProblemDetail problem(HttpStatusCode status, String slug, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type(slug));
    return problem;
  }
}
