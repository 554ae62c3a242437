package dev.ratchet.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;

/**
 * A child JVM that opens the checkpoint in {@code args[0]}, prints {@code locked} and holds it
 * until killed or until its standard input closes.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    FileStore store = FileStore.at(Path.of(args[0]));
    store.open();
    System.out.println("locked");
    System.out.flush();
    while (System.in.read() >= 0) {
      // hold the lock
    }
    store.close();
  }

  /** Starts a child holding the lock of {@code dir}; returns once it holds it. */
  static Process start(Path dir) throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    String line = new BufferedReader(new InputStreamReader(child.getInputStream())).readLine();
    if (!"locked".equals(line)) {
      child.destroyForcibly();
      throw new AssertionError("the lock holder did not start: " + line);
    }
    return child;
  }
}
