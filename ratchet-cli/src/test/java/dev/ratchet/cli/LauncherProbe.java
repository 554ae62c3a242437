package dev.ratchet.cli;

import java.nio.file.Path;

/**
 * Stands in for the command in {@link LauncherEndToEndTest}'s jar: prints the arguments it got and
 * the directory it runs in, so the test sees which jar the launcher started, with what, and where.
 */
public final class LauncherProbe {
  private LauncherProbe() {}

  public static void main(String[] args) {
    System.out.println("probe args " + String.join("|", args));
    System.out.println("probe dir " + Path.of("").toAbsolutePath());
  }
}
