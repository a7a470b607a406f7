package dev.tandem.launcher.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * supervisord's XML-RPC interface, spoken over its unix socket: what {@code supervisorctl status}
 * tells, without starting a Python interpreter for every question (which cost ~0.2 s a call, and
 * {@code status} asked several times).
 */
final class SupervisorRpc {

  private static final Pattern STRUCT = Pattern.compile("<struct>(.*?)</struct>", Pattern.DOTALL);
  private static final Pattern MEMBER =
      Pattern.compile(
          "<member>\\s*<name>([^<]*)</name>\\s*<value>\\s*(?:<(\\w+)>([^<]*)</\\2>|<\\w+/>|([^<]*))\\s*</value>\\s*</member>",
          Pattern.DOTALL);

  private final Path socket;
  private final Duration timeout;

  SupervisorRpc(Path socket, Duration timeout) {
    this.socket = socket;
    this.timeout = timeout;
  }

  /** Every program's state, keyed as {@code supervisorctl status} names them. */
  Map<String, Supervisor.State> states() throws IOException {
    return states(call("supervisor.getAllProcessInfo"));
  }

  /** The states in an answer to {@code supervisor.getAllProcessInfo}. */
  static Map<String, Supervisor.State> states(String answer) throws IOException {
    Map<String, Supervisor.State> states = new HashMap<>();
    for (Map<String, String> process : structs(answer)) {
      String name = process.get("name");
      String group = process.getOrDefault("group", name);
      String state = process.get("statename");
      if (name == null || state == null) {
        throw new IOException("supervisord answered a process without name or state");
      }
      String key = group.equals(name) ? name : group + ":" + name;
      int pid = Integer.parseInt(process.getOrDefault("pid", "0").trim());
      // as supervisorctl shows it: a pid only for a program that runs
      states.put(
          key, new Supervisor.State(key, state, state.equals("RUNNING") && pid > 0 ? pid : null));
    }
    return states;
  }

  /** supervisord's own pid: proof that it answers. */
  void ping() throws IOException {
    call("supervisor.getPID");
  }

  private String call(String method) throws IOException {
    String body =
        "<?xml version=\"1.0\"?><methodCall><methodName>"
            + method
            + "</methodName><params></params></methodCall>";
    byte[] request =
        ("POST /RPC2 HTTP/1.0\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n"
                + body)
            .getBytes(StandardCharsets.UTF_8);
    String response = exchange(request);
    int split = response.indexOf("\r\n\r\n");
    if (!response.startsWith("HTTP/") || split < 0) {
      throw new IOException("supervisord answered no HTTP");
    }
    String status = response.substring(0, response.indexOf("\r\n"));
    if (!status.contains(" 200 ")) {
      throw new IOException("supervisord answered " + status);
    }
    String xml = response.substring(split + 4);
    if (xml.contains("<fault>")) {
      throw new IOException("supervisord refused " + method + ": " + xml.strip());
    }
    return xml;
  }

  /** One request, the whole answer (supervisord closes an HTTP/1.0 connection after it). */
  private String exchange(byte[] request) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try (channel;
        ExecutorService reader = Threads.perTask()) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      Future<byte[]> answer =
          reader.submit(
              () -> {
                channel.write(ByteBuffer.wrap(request));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
                while (channel.read(buffer) >= 0) {
                  out.write(buffer.array(), 0, buffer.position());
                  buffer.clear();
                }
                return out.toByteArray();
              });
      try {
        return new String(
            answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
      } catch (TimeoutException e) {
        // closing the channel ends the blocked read
        channel.close();
        throw new IOException(
            "supervisord did not answer within " + timeout.toMillis() + " ms on " + socket);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while asking supervisord", e);
      }
    }
  }

  /** The structs of an answer, as name to text (XML escapes undone). */
  private static List<Map<String, String>> structs(String xml) {
    List<Map<String, String>> structs = new ArrayList<>();
    Matcher struct = STRUCT.matcher(xml);
    while (struct.find()) {
      Map<String, String> members = new HashMap<>();
      Matcher member = MEMBER.matcher(struct.group(1));
      while (member.find()) {
        String text = member.group(3) != null ? member.group(3) : member.group(4);
        members.put(member.group(1), unescape(text == null ? "" : text));
      }
      structs.add(members);
    }
    return structs;
  }

  private static String unescape(String text) {
    return text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
  }
}
