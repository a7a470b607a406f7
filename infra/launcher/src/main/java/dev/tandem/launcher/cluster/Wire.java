package dev.tandem.launcher.cluster;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The few plain protocols the launcher speaks to ask products about themselves: a ZooKeeper
 * four-letter word, a Redis (RESP) command, an HTTP GET or PUT. Every call has a short timeout.
 */
public final class Wire {

  static final Duration TIMEOUT = Duration.ofSeconds(2);

  /**
   * The cluster subnet, once the machine's veth routes it. Until then an address in it would be
   * routed to the machine's default gateway, so the launcher refuses to send anything there.
   */
  private static volatile Subnet routed;

  private Wire() {}

  static void allow(Subnet subnet) {
    routed = subnet;
  }

  /** Fails unless the address is on loopback or on the cluster's own, routed, subnet. */
  public static void checkTarget(String host) throws IOException {
    if (host.startsWith("127.") || host.equals("localhost")) {
      return;
    }
    Subnet subnet = routed;
    if (subnet == null || !subnet.contains(host)) {
      throw new IOException(
          host + " is not on the cluster's subnet, or the cluster's network is not up");
    }
  }

  /** Sends a ZooKeeper four-letter word and returns the whole answer. */
  public static String fourLetterWord(String host, int port, String word) throws IOException {
    try (Socket socket = connect(host, port)) {
      socket.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Sends one Redis command, after {@code AUTH password} unless the password is null; the answer is
   * a String, Long, List or null (errors, a refused password among them, throw).
   */
  public static Object redis(String host, int port, String password, String... command)
      throws IOException {
    try (Socket socket = connect(host, port)) {
      OutputStream out = socket.getOutputStream();
      StringBuilder request = new StringBuilder();
      if (password != null) {
        appendCommand(request, "AUTH", password);
      }
      appendCommand(request, command);
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
      if (password != null) {
        readResp(in);
      }
      return readResp(in);
    }
  }

  private static void appendCommand(StringBuilder request, String... command) {
    request.append('*').append(command.length).append("\r\n");
    for (String part : command) {
      request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
      request.append(part).append("\r\n");
    }
  }

  /** An HTTP answer. */
  public record Response(int statusCode, String body) {}

  public static Response get(String url) throws IOException {
    return http("GET", url, null, TIMEOUT);
  }

  public static Response put(String url, String json) throws IOException {
    return http("PUT", url, json, Duration.ofSeconds(10));
  }

  /**
   * One HTTP/1.1 exchange on a connection of its own, closed after it: the launcher's HTTP is a few
   * calls to local health and admin pages. The JDK's client cost a quick command about 0.3 s of CPU
   * to set up (its TLS context among it), and its selector thread held up the JVM's exit.
   */
  private static Response http(String method, String url, String json, Duration timeout)
      throws IOException {
    URI uri = URI.create(url);
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    String target =
        (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(uri.getHost()).append(':').append(port).append("\r\n");
    head.append("Connection: close\r\n");
    if (json != null) {
      head.append("Content-Type: application/json\r\n");
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    try (Socket socket = connect(uri.getHost(), port)) {
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
      return readResponse(in, url);
    }
  }

  static Response readResponse(InputStream in, String url) throws IOException {
    String statusLine = readLine(in);
    String[] words = statusLine.split(" ", 3);
    if (words.length < 2 || !words[0].startsWith("HTTP/") || !words[1].matches("\\d{3}")) {
      throw new IOException(url + " did not answer HTTP: '" + statusLine + "'");
    }
    int status = Integer.parseInt(words[1]);
    int length = -1;
    boolean chunked = false;
    for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
      int colon = line.indexOf(':');
      String name = colon < 0 ? line : line.substring(0, colon).trim();
      String value = colon < 0 ? "" : line.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        if (!value.matches("\\d{1,9}")) {
          throw new IOException(url + " sent a Content-Length of '" + value + "'");
        }
        length = Integer.parseInt(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
      }
    }
    byte[] content;
    if (status == 204 || status == 304) {
      content = new byte[0];
    } else if (chunked) {
      content = dechunk(in, url);
    } else if (length >= 0) {
      content = in.readNBytes(length);
    } else {
      content = in.readAllBytes();
    }
    return new Response(status, new String(content, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(InputStream in, String url) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = readLine(in).split(";", 2)[0].trim();
      int length;
      try {
        length = Integer.parseInt(size, 16);
      } catch (NumberFormatException e) {
        throw new IOException(url + " sent a broken chunk size: '" + size + "'", e);
      }
      if (length == 0) {
        return body.toByteArray();
      }
      body.write(in.readNBytes(length));
      readLine(in);
    }
  }

  public static boolean listening(String host, int port) {
    try (Socket ignored = connect(host, port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Socket connect(String host, int port) throws IOException {
    checkTarget(host);
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
    socket.setSoTimeout((int) TIMEOUT.toMillis());
    return socket;
  }

  private static Object readResp(InputStream in) throws IOException {
    int type = in.read();
    String line = readLine(in);
    return switch (type) {
      case '+' -> line;
      case '-' -> throw new IOException("redis: " + line);
      case ':' -> Long.parseLong(line);
      case '$' -> {
        int length = Integer.parseInt(line);
        if (length < 0) {
          yield null;
        }
        byte[] bytes = in.readNBytes(length);
        readLine(in);
        yield new String(bytes, StandardCharsets.UTF_8);
      }
      case '*' -> {
        int count = Integer.parseInt(line);
        if (count < 0) {
          yield null;
        }
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          items.add(readResp(in));
        }
        yield items;
      }
      default -> throw new IOException("redis: unexpected reply type " + type);
    };
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\r') {
        in.read();
        break;
      }
      line.write(b);
    }
    return line.toString(StandardCharsets.UTF_8);
  }
}
