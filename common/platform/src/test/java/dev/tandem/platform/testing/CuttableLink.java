package dev.tandem.platform.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP link from loopback to one real server that a test can cut and restore: the client under
 * test connects to {@link #address()} instead of the server, and {@link #cut()} then behaves like
 * the server dying (every connection closed, new ones refused) while the server itself, which other
 * clients share, stays untouched. How the tests take ZooKeeper's quorum away from one JVM.
 *
 * <p>Listens on 127.0.0.1 only; forwards only to the address it was given (a cluster host).
 */
public final class CuttableLink implements AutoCloseable {

  private final InetSocketAddress target;
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket listener;

  private CuttableLink(InetSocketAddress target) {
    this.target = target;
    this.listener = listen(0);
    this.port = listener.getLocalPort();
    accept(listener);
  }

  /**
   * A link to {@code host:port}, or to the first server of a list of them such as a ZooKeeper
   * connect string, e.g. {@code TandemEnvironment.get("TANDEM_ZOOKEEPER")}: on {@code ha} that
   * names all three servers, and the client under test then reaches the ensemble through one of
   * them.
   */
  public static CuttableLink to(String servers) {
    String hostAndPort = servers.split(",", 2)[0].strip();
    int colon = hostAndPort.lastIndexOf(':');
    return new CuttableLink(
        new InetSocketAddress(
            hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1))));
  }

  /** Where the client under test connects, as {@code 127.0.0.1:port}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** Closes every connection through the link and refuses new ones until {@link #restore()}. */
  public synchronized void cut() {
    ServerSocket current = listener;
    listener = null;
    if (current != null) {
      closeQuietly(current);
    }
    open.forEach(CuttableLink::closeQuietly);
    open.clear();
  }

  /** Accepts connections again, on the same port. */
  public synchronized void restore() {
    if (listener == null) {
      listener = listen(port);
      accept(listener);
    }
  }

  @Override
  public void close() {
    cut();
  }

  private static ServerSocket listen(int port) {
    try {
      ServerSocket socket = new ServerSocket();
      // The port is taken again on restore, while closed connections may linger in TIME_WAIT.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
    }
  }

  private void accept(ServerSocket on) {
    Thread.ofVirtual()
        .name("cuttable-link-" + port)
        .start(
            () -> {
              while (!on.isClosed()) {
                try {
                  connect(on.accept(), on);
                } catch (IOException closed) {
                  return;
                }
              }
            });
  }

  private void connect(Socket client, ServerSocket acceptedOn) {
    Socket server = new Socket();
    try {
      server.connect(target, 2000);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(server);
      return;
    }
    open.add(client);
    open.add(server);
    if (acceptedOn.isClosed()) {
      // Cut while this one was connecting: it must not outlive the cut.
      closeQuietly(client);
      closeQuietly(server);
      return;
    }
    Thread.ofVirtual().start(() -> pump(client, server));
    Thread.ofVirtual().start(() -> pump(server, client));
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException closed) {
      // Cut, or one side went away: a broken link ends both directions, below.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Closing is all that is wanted; an already closed socket is fine.
    }
  }
}
