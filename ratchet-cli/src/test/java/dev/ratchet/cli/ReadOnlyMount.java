package dev.ratchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A directory bind-mounted read-only over itself for a test, so that even root (as the build
 * machine runs) cannot write in it: a real read-only file system, not a permission root ignores.
 */
public final class ReadOnlyMount implements AutoCloseable {
  private final Path dir;

  private ReadOnlyMount(Path dir) {
    this.dir = dir;
  }

  public static ReadOnlyMount of(Path dir) throws IOException, InterruptedException {
    assertThat(mount("--bind", dir.toString(), dir.toString()))
        .as("bind mount (needs root)")
        .isZero();
    ReadOnlyMount mount = new ReadOnlyMount(dir);
    if (mount("-o", "remount,bind,ro", dir.toString()) != 0) {
      mount.close();
      throw new AssertionError("cannot remount " + dir + " read-only");
    }
    return mount;
  }

  private static int mount(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = "mount";
    System.arraycopy(args, 0, command, 1, args.length);
    return new ProcessBuilder(command).inheritIO().start().waitFor();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    new ProcessBuilder("umount", dir.toString()).inheritIO().start().waitFor();
  }
}
