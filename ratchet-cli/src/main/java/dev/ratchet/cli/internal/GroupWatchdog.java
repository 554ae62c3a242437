package dev.ratchet.cli.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A small shell process, in a session of its own, that kills the process groups of running
 * children: at once when asked, and all of them when its standard input reaches end of file, which
 * happens when this JVM ends in any way, {@code kill -9} included (only the JVM holds the write end
 * of that pipe). It ignores SIGINT, SIGTERM and SIGHUP, so a Ctrl-C on the terminal or a signal to
 * the runner does not take it away before the runner has cleaned up.
 *
 * <p>Protocol, one line each: {@code +PGID} a group to kill if the runner dies; {@code kPGID} kill
 * that group now and forget it. Uses only shell builtins, so a message costs no fork.
 */
final class GroupWatchdog {
  static final String SCRIPT =
      "trap '' INT TERM HUP PIPE\n"
          + "groups=' '\n"
          + "while IFS= read -r line; do\n"
          + "  case $line in\n"
          + "    +*) groups=\"$groups${line#+} \" ;;\n"
          + "    k*) g=${line#k}\n"
          + "        kill -s KILL -- \"-$g\" 2>/dev/null\n"
          + "        pre=${groups%% $g *}\n"
          + "        if [ \"$pre\" != \"$groups\" ]; then groups=\"$pre ${groups#* $g }\"; fi ;;\n"
          + "  esac\n"
          + "done\n"
          + "for g in $groups; do kill -s KILL -- \"-$g\" 2>/dev/null; done\n";

  private final Process process;
  private final OutputStream commands;
  private boolean broken;

  private GroupWatchdog(Process process) {
    this.process = process;
    this.commands = process.getOutputStream();
  }

  static GroupWatchdog start(String setsid) throws IOException {
    Process p =
        new ProcessBuilder(setsid, "sh", "-c", SCRIPT)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    return new GroupWatchdog(p);
  }

  /** Registers a group to kill should this JVM die; false if the watchdog is gone. */
  synchronized boolean watch(long pgid) {
    return send("+" + pgid + "\n");
  }

  /** Kills the group now (asynchronously) and forgets it; false if the watchdog is gone. */
  synchronized boolean kill(long pgid) {
    return send("k" + pgid + "\n");
  }

  private boolean send(String line) {
    if (broken) {
      return false;
    }
    try {
      commands.write(line.getBytes(StandardCharsets.US_ASCII));
      commands.flush();
      return true;
    } catch (IOException e) {
      broken = true;
      return false;
    }
  }

  /**
   * Ends the watchdog (it kills the groups still registered) and waits up to {@code waitMillis} for
   * it to exit.
   */
  synchronized void close(long waitMillis) {
    broken = true;
    try {
      commands.close();
    } catch (IOException e) {
      // it is gone already
    }
    try {
      process.waitFor(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
