package dev.tandem.gateway.problem;

/**
 * A request the gateway's own filters refuse as the client's mistake: 400 {@code invalid-request},
 * with this message, written for the client, as its {@code detail}. Framework exceptions keep a
 * generic detail, since their wording may name parsers and classes.
 */
public class RequestRefused extends RuntimeException {

  public RequestRefused(String detail) {
    super(detail, null, false, false);
  }
}
