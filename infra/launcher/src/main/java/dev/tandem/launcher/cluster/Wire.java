package dev.tandem.launcher.cluster;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The few plain protocols the launcher speaks to ask products about themselves: a ZooKeeper
 * four-letter word, a Redis (RESP) command, an HTTP GET. Every call has a short timeout.
 */
public final class Wire {

  static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

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

  public static HttpResponse<String> get(String url) throws IOException {
    checkTarget(URI.create(url).getHost());
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  public static HttpResponse<String> put(String url, String json) throws IOException {
    checkTarget(URI.create(url).getHost());
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json))
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
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
