package dev.ratchet.internal.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who and where a run or an action happens: the OS user, the host name, the process id. */
public final class Who {
  private static volatile String host;

  private Who() {}

  public static String user() {
    return System.getProperty("user.name", "unknown");
  }

  public static long pid() {
    return ProcessHandle.current().pid();
  }

  /** The host name, without a DNS lookup (which can hang on a machine without a resolver). */
  public static String host() {
    String known = host;
    if (known == null) {
      known = System.getenv("HOSTNAME");
      if (known == null || known.isBlank()) {
        try {
          known = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
          known = "localhost";
        }
      }
      host = known;
    }
    return known;
  }
}
