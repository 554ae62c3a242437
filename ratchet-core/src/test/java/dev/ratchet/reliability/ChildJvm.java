package dev.ratchet.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a main class of the test classpath in a child JVM, for crash and lock tests. */
final class ChildJvm {
  private ChildJvm() {}

  static Process start(Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xshare:auto");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** Waits until the child prints {@code line}; fails if it exits or takes over a minute. */
  static void awaitLine(Process child, String line) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    StringBuilder seen = new StringBuilder();
    while (System.nanoTime() < deadline) {
      String next = out.readLine();
      if (next == null) {
        throw new AssertionError("child exited before printing '" + line + "': " + seen);
      }
      if (next.equals(line)) {
        return;
      }
      seen.append(next).append('\n');
    }
    throw new AssertionError("child did not print '" + line + "' within a minute: " + seen);
  }

  /** Sends a signal (STOP, CONT, KILL) to a process this test started. */
  static void signal(Process child, String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + signal + " " + child.pid() + " failed");
    }
  }
}
