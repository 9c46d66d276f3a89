package io.metafe.mysql;

import io.metafe.time.Clock;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MySQL protocol server: one acceptor thread, one platform thread per connection ({@code
 * mysql-conn-<id>}).
 *
 * <p>Thread-safe: {@link #start()}, {@link #close()}, {@link #port()} and {@link
 * #openConnections()} may be called from any thread. A misbehaving client (malformed, oversized or
 * out-of-order packets, a stalled handshake) costs only its own connection; exceptions from the
 * {@link Session} become ERR packets. The server can be started once; {@link #close()} is
 * idempotent and waits for connection threads to finish (up to a few seconds each, since a session
 * busy in a long call cannot be interrupted).
 */
public final class MysqlServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MysqlServer.class);
  private static final long JOIN_MILLIS = 5_000;

  /** Spaces accept attempts that fail repeatedly, e.g. out of file descriptors. */
  private static final Duration ACCEPT_RETRY_PAUSE = Duration.ofMillis(50);

  private final MysqlServerConfig config;
  private final PasswordStore passwords;
  private final SessionFactory sessions;
  private final Clock clock;
  private final AtomicLong nextConnectionId = new AtomicLong(1);
  private final Map<Long, Connection> connections = new ConcurrentHashMap<>();
  private final Map<Long, Thread> threads = new ConcurrentHashMap<>();
  private final Object lifecycle = new Object();
  private ServerSocket serverSocket;
  private Thread acceptor;
  private ServerContext context;
  private boolean closed;

  /**
   * @param clock times the handshake deadline, the uptime and the pause after a failed accept
   */
  public MysqlServer(
      MysqlServerConfig config, PasswordStore passwords, SessionFactory sessions, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.passwords = Objects.requireNonNull(passwords, "passwords");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Binds and starts accepting.
   *
   * @throws BindException naming the address and port if they are taken
   * @throws IllegalStateException if already started or closed
   */
  public void start() throws IOException {
    synchronized (lifecycle) {
      if (serverSocket != null || closed) {
        throw new IllegalStateException("mysql server already started or closed");
      }
      InetSocketAddress address =
          config.bindAddress() == null
              ? new InetSocketAddress(config.port())
              : new InetSocketAddress(config.bindAddress(), config.port());
      ServerSocket socket = new ServerSocket();
      try {
        socket.setReuseAddress(true);
        socket.bind(address, 128);
      } catch (IOException e) {
        socket.close();
        String where = hostOf(config.bindAddress()) + ":" + config.port();
        if (e instanceof BindException) {
          BindException be =
              new BindException("cannot bind mysql server to " + where + ": " + e.getMessage());
          be.initCause(e);
          throw be;
        }
        throw new IOException("cannot bind mysql server to " + where + ": " + e.getMessage(), e);
      }
      serverSocket = socket;
      context =
          new ServerContext(
              config,
              passwords,
              sessions,
              new SecureRandom(),
              clock.nanos(),
              this::openConnections,
              clock);
      acceptor = new Thread(this::acceptLoop, "mysql-acceptor-" + socket.getLocalPort());
      acceptor.start();
      LOG.info(
          "mysql server listening on {}:{}", hostOf(config.bindAddress()), socket.getLocalPort());
    }
  }

  /** The bound port, or -1 before {@link #start()}. */
  public int port() {
    synchronized (lifecycle) {
      return serverSocket == null ? -1 : serverSocket.getLocalPort();
    }
  }

  /** Connections currently open, including those still authenticating. */
  public int openConnections() {
    return connections.size();
  }

  private void acceptLoop() {
    while (true) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        synchronized (lifecycle) {
          if (closed) {
            return;
          }
        }
        LOG.warn("mysql accept failed: {}", e.toString());
        pause();
        continue;
      }
      try {
        admit(socket);
      } catch (RuntimeException | Error e) {
        // e.g. no memory for another thread: refuse this client, keep serving the others.
        LOG.warn(
            "mysql connection from {} refused: {}", socket.getRemoteSocketAddress(), e.toString());
        closeQuietly(socket);
      }
    }
  }

  private void admit(Socket socket) {
    synchronized (lifecycle) {
      if (closed) {
        closeQuietly(socket);
        return;
      }
      if (connections.size() >= config.maxConnections()) {
        LOG.warn(
            "mysql connection from {} refused: too many connections ({})",
            socket.getRemoteSocketAddress(),
            config.maxConnections());
        TooManyConnections.reject(socket);
        return;
      }
      long id = nextConnectionId.getAndIncrement();
      Connection connection = new Connection(id, socket, context);
      Thread thread =
          new Thread(
              () -> {
                try {
                  connection.run();
                } finally {
                  connections.remove(id);
                  threads.remove(id);
                }
              },
              "mysql-conn-" + id);
      connections.put(id, connection);
      threads.put(id, thread);
      try {
        thread.start();
      } catch (RuntimeException | Error e) {
        connections.remove(id);
        threads.remove(id);
        throw e;
      }
    }
  }

  /** Stops accepting, closes every connection and waits for their threads. Idempotent. */
  @Override
  public void close() {
    Thread acceptorThread;
    List<Connection> open;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      if (serverSocket != null) {
        try {
          serverSocket.close();
        } catch (IOException e) {
          LOG.debug("closing server socket", e);
        }
      }
      acceptorThread = acceptor;
      open = new ArrayList<>(connections.values());
    }
    join(acceptorThread);
    open.forEach(Connection::closeSocket);
    for (Thread t : new ArrayList<>(threads.values())) {
      join(t);
    }
    LOG.info(
        "mysql server on port {} stopped", serverSocket == null ? -1 : serverSocket.getLocalPort());
  }

  private static void join(Thread t) {
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    try {
      t.join(JOIN_MILLIS);
      if (t.isAlive()) {
        LOG.warn("thread {} did not stop within {} ms", t.getName(), JOIN_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void pause() {
    try {
      clock.sleep(ACCEPT_RETRY_PAUSE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing more to do for a socket we are abandoning
    }
  }

  private static String hostOf(InetAddress address) {
    return address == null ? "0.0.0.0" : address.getHostAddress();
  }
}
