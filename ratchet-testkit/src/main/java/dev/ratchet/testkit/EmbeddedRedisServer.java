package dev.ratchet.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * One real Redis per JVM, from the binaries that {@code com.github.codemonstur:embedded-redis}
 * ships, on a free port of 127.0.0.1, configured like the CI server (no snapshots, no append-only
 * file); the library's shutdown hook stops it when the JVM exits.
 */
final class EmbeddedRedisServer {
  private static final int ATTEMPTS = 5;
  private static String url;

  private EmbeddedRedisServer() {}

  static synchronized String url() {
    if (url == null) {
      url = start();
    }
    return url;
  }

  private static String start() {
    IOException last = null;
    // a free port can be taken between the check and the start: try another one
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        int port = freePort();
        RedisServer server =
            RedisServer.newRedisServer()
                .bind("127.0.0.1")
                .port(port)
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
        return "redis://127.0.0.1:" + port + "/0";
      } catch (IOException e) {
        last = e;
      }
    }
    throw new IllegalStateException("cannot start an embedded Redis: " + last, last);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
