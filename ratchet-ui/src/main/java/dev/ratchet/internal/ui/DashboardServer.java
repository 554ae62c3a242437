package dev.ratchet.internal.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's HTTP server: the JDK's own {@code com.sun.net.httpserver} on a small pool of
 * daemon threads. Every request passes the {@link Guard} (host check, security headers, the token
 * for actions) before a route sees it.
 */
public final class DashboardServer {
  private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);
  private static final int THREADS = 4;

  private final Settings settings;
  private final String token;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private HttpServer server;
  private ExecutorService pool;

  public DashboardServer(Settings settings) {
    this.settings = settings;
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    this.token = HexFormat.of().formatHex(bytes);
  }

  public Settings settings() {
    return settings;
  }

  public String token() {
    return token;
  }

  public synchronized void start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("the dashboard was already started");
    }
    server = HttpServer.create(new InetSocketAddress(settings.bind(), settings.port()), 50);
    pool =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread thread = new Thread(r, "ratchet-ui");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(pool);
    Guard guard = new Guard(settings, token, server.getAddress().getPort());
    Routes routes = new Routes(settings, guard);
    server.createContext("/", exchange -> serve(guard, routes, exchange));
    server.start();
  }

  private static void serve(Guard guard, Routes routes, HttpExchange exchange) throws IOException {
    try (exchange) {
      if (guard.admit(exchange)) {
        routes.handle(exchange);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("dashboard request {} failed: {}", exchange.getRequestURI().getPath(), e.toString());
    }
  }

  public URI url() {
    InetSocketAddress address = server.getAddress();
    String host = address.getAddress().getHostAddress();
    if (address.getAddress().isAnyLocalAddress()) {
      host = "127.0.0.1";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + address.getPort() + "/");
  }

  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      pool.shutdownNow();
      server = null;
    }
    stopped.countDown();
  }
}
