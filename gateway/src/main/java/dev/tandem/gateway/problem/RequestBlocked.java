package dev.tandem.gateway.problem;

/**
 * A request from an address or member on the operators' block list: 403 {@code blocked}. The detail
 * says no more than that: which entry matched is for the operators' logs, not for the sender.
 */
public class RequestBlocked extends RuntimeException {

  public RequestBlocked() {
    super("requests from this client are blocked", null, false, false);
  }
}
