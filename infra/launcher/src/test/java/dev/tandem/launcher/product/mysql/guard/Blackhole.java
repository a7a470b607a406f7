package dev.tandem.launcher.product.mysql.guard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on a loopback address that can be cut like a network cable: while cut, it accepts
 * connections and swallows whatever arrives, answering nothing, as a partition does (a peer sees
 * timeouts, never a refusal). Healing drops the connections that lived through the cut, as a real
 * partition leaves them broken, and relays new ones again.
 */
public final class Blackhole implements AutoCloseable {

  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean cut;

  Blackhole(String address, int port, String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(address, port));
    Thread.ofVirtual().start(this::accept);
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        sockets.add(client);
        if (cut) {
          Thread.ofVirtual().start(() -> swallow(client));
          continue;
        }
        Socket upstream = new Socket();
        upstream.connect(new InetSocketAddress(targetHost, targetPort), 2000);
        sockets.add(upstream);
        Thread.ofVirtual().start(() -> pump(client, upstream));
        Thread.ofVirtual().start(() -> pump(upstream, client));
      } catch (IOException e) {
        // the listener closed, or the target refused: the client's socket is dropped
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16384];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (!cut) {
          out.write(buffer, 0, n);
          out.flush();
        }
      }
    } catch (IOException e) {
      // either side went away
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void swallow(Socket client) {
    byte[] buffer = new byte[16384];
    try (InputStream in = client.getInputStream()) {
      while (in.read(buffer) >= 0) {
        // a partition answers nothing
      }
    } catch (IOException e) {
      // dropped at the heal
    }
  }

  void cut() {
    cut = true;
  }

  void heal() {
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    sockets.clear();
    cut = false;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    heal();
  }
}
