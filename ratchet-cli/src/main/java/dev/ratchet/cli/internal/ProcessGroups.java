package dev.ratchet.cli.internal;

import dev.ratchet.cli.UsageException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts user commands each in a process group (and session) of its own with util-linux {@code
 * setsid}, and kills whole groups. A command's group holds everything it starts, background
 * children included, unless they leave it themselves; the terminal's Ctrl-C (SIGINT to the
 * foreground group) reaches the runner but not the commands, and the runner decides what happens to
 * them. One {@link GroupWatchdog} per JVM kills every registered group if the JVM dies.
 *
 * <p>Thread-safe. A group is killed by its leader's pid, which Linux does not reuse while any
 * process of the group lives.
 */
public final class ProcessGroups {
  private static ProcessGroups shared;

  private final String setsid;
  private final GroupWatchdog watchdog;

  private ProcessGroups(String setsid, GroupWatchdog watchdog) {
    this.setsid = setsid;
    this.watchdog = watchdog;
  }

  /**
   * The JVM's process groups, started on first use.
   *
   * @throws UsageException if {@code setsid} is not on the PATH
   */
  public static synchronized ProcessGroups shared() {
    if (shared == null) {
      String setsid = find("setsid");
      try {
        shared = new ProcessGroups(setsid, GroupWatchdog.start(setsid));
      } catch (IOException e) {
        throw new UsageException("cannot start sh (" + e.getMessage() + ")");
      }
    }
    return shared;
  }

  /**
   * Ends the JVM's watchdog, if one was started, and waits up to 500 ms for it to exit; the next
   * {@link #shared} starts a new one. Called before the JVM exits: HotSpot's exit waits up to 300
   * ms for threads blocked in native code, and the thread that waits for the live watchdog is one.
   */
  public static synchronized void closeShared() {
    if (shared != null) {
      shared.watchdog.close(500);
      shared = null;
    }
  }

  /**
   * Starts {@code builder}'s command in a new session and process group whose id is the returned
   * process's pid, registered with the watchdog.
   */
  public Process start(ProcessBuilder builder) throws IOException {
    List<String> command = new ArrayList<>(builder.command().size() + 1);
    command.add(setsid);
    command.addAll(builder.command());
    List<String> original = builder.command();
    Process process;
    try {
      process = builder.command(command).start();
    } finally {
      builder.command(original);
    }
    watchdog.watch(process.pid());
    return process;
  }

  /**
   * Kills the process group led by {@code process} with SIGKILL (asynchronously: the pipes of its
   * members close soon after) and stops watching it. The leader is also killed by its pid: just
   * after {@link #start} returns, {@code setsid} may not have made the group yet, and a group kill
   * then finds nothing.
   */
  public void kill(Process process) {
    if (!watchdog.kill(process.pid())) {
      try {
        new ProcessBuilder("kill", "-s", "KILL", "--", "-" + process.pid())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
      } catch (IOException e) {
        // the leader alone, below
      }
    }
    // by the handle: Process.destroyForcibly() would also close the pipes a reader may still drain
    process.toHandle().destroyForcibly();
  }

  private static String find(String tool) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty()) {
          Path candidate = Path.of(dir, tool);
          if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
            return candidate.toString();
          }
        }
      }
    }
    throw new UsageException(
        "'setsid' was not found on the PATH; ratchet runs each command in its own process group"
            + " with it (install util-linux, e.g. apt-get install util-linux)");
  }
}
