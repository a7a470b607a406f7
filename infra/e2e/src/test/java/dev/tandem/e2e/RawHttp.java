package dev.tandem.e2e;

import dev.tandem.platform.testing.TandemEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket to the entry point, for requests that well-behaved clients refuse to
 * send: raw paths with dot segments or control characters, malformed request lines, headers past
 * every limit, duplicate framing headers. One request per connection.
 */
final class RawHttp {

  /** What came back: status, headers (lower-case names) and body as text. */
  record Answer(int status, Map<String, String> headers, String body) {
    String contentType() {
      return headers.getOrDefault("content-type", "");
    }
  }

  private final String host;
  private final int port;

  RawHttp() {
    URI base = URI.create(TandemEnvironment.get("TANDEM_URL"));
    host = base.getHost();
    port = base.getPort() < 0 ? 80 : base.getPort();
  }

  /** A request from its parts; Host, Connection: close and Content-Length are added. */
  Answer send(String method, String target, Map<String, String> headers, byte[] body) {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(host).append("\r\n");
    head.append("Connection: close\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    if (body != null) {
      request.writeBytes(body);
    }
    return exchange(request.toByteArray());
  }

  /** Exactly these bytes; the answer as the server wrote it. */
  Answer exchange(byte[] request) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 3_000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      return parse(readAnswer(socket.getInputStream()));
    } catch (IOException e) {
      throw new IllegalStateException("no answer from " + host + ":" + port + ": " + e, e);
    }
  }

  /**
   * One answer: its head, then as much body as it declares (Content-Length, or chunks up to the
   * last), or everything up to the close. A server that refuses a request before reading its body
   * (413) closes with the body unread, which resets the connection: what arrived before the reset
   * is the answer.
   */
  private static byte[] readAnswer(InputStream in) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; !complete(received.toByteArray()) && (n = in.read(buffer)) >= 0; ) {
        received.write(buffer, 0, n);
      }
    } catch (java.net.SocketException reset) {
      if (received.size() == 0) {
        throw reset;
      }
    }
    return received.toByteArray();
  }

  private static boolean complete(byte[] raw) {
    String all = new String(raw, StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    String head = all.substring(0, end).toLowerCase(Locale.ROOT);
    int bodyLength = raw.length - end - 4;
    java.util.regex.Matcher length =
        java.util.regex.Pattern.compile("\r\ncontent-length: *(\\d+)").matcher(head);
    if (length.find()) {
      return bodyLength >= Integer.parseInt(length.group(1));
    }
    if (head.contains("\r\ntransfer-encoding: chunked")) {
      return all.endsWith("\r\n0\r\n\r\n");
    }
    return false;
  }

  private static Answer parse(byte[] raw) throws IOException {
    String all = new String(raw, StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    if (!all.startsWith("HTTP/1.") || end < 0) {
      throw new IOException(
          "not an HTTP/1.x answer: " + all.substring(0, Math.min(80, all.length())));
    }
    String[] lines = all.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(new java.io.ByteArrayInputStream(body));
    }
    return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      StringBuilder size = new StringBuilder();
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          return out.toByteArray();
        }
        if (c != '\r') {
          size.append((char) c);
        }
      }
      int length = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
      if (length == 0) {
        return out.toByteArray();
      }
      out.writeBytes(in.readNBytes(length));
      in.read(); // \r
      in.read(); // \n
    }
  }
}
