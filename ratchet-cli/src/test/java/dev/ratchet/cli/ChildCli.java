package dev.ratchet.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real ratchet command in a child JVM ({@code java -cp <test classpath>
 * dev.ratchet.cli.Main ARGS}) in a working directory, with standard output and error captured to
 * files. Standard input is empty and not a terminal, as in CI.
 */
final class ChildCli {
  private static final long DEFAULT_TIMEOUT_SECONDS = 60;

  /**
   * Whether this JVM was started with SIGINT ignored, as a build started in the background by a
   * non-interactive shell ({@code mvn verify &}, {@code nohup}) is. A child inherits that, and a
   * JVM that ignores SIGINT never sees Ctrl-C; such a child gets the default handling back (GNU
   * {@code env}), as a run started from a terminal has.
   */
  private static final boolean SIGINT_IGNORED = sigintIgnored();

  private final Path workDir;
  private final List<String> jvmOptions = new ArrayList<>();
  private final Map<String, String> environment = new HashMap<>();
  private boolean ownGroup;
  private long timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
  private int runs;

  ChildCli(Path workDir) {
    this.workDir = workDir;
  }

  /** JVM options for the children started from now on, such as {@code -Xmx64m}. */
  ChildCli jvmOptions(String... options) {
    jvmOptions.addAll(List.of(options));
    return this;
  }

  /** How long {@link #run} waits for a child (default a minute), for runs of many items. */
  ChildCli timeoutSeconds(long seconds) {
    timeoutSeconds = seconds;
    return this;
  }

  /** An environment variable for the children started from now on, such as a PATH. */
  ChildCli environment(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /**
   * Children started from now on lead a process group (and session) of their own, as a command
   * started from a terminal does: {@link Started#interruptGroup()} then sends SIGINT to the whole
   * group, as Ctrl-C would.
   */
  ChildCli ownProcessGroup() {
    ownGroup = true;
    return this;
  }

  Path dir() {
    return workDir;
  }

  /** Runs to completion and returns what it printed. */
  CliResult run(String... args) {
    Started started = start(args);
    try {
      if (!started.process().waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        started.process().destroyForcibly();
        throw new AssertionError("ratchet " + String.join(" ", args) + " did not end in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return started.result();
  }

  /** Starts a run and returns at once. */
  Started start(String... args) {
    List<String> command = new ArrayList<>();
    if (ownGroup) {
      command.add("setsid");
    }
    if (SIGINT_IGNORED) {
      command.addAll(List.of("env", "--default-signal=INT"));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xshare:auto");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    int n = ++runs;
    Path out = workDir.resolve(".child-" + n + ".out");
    Path err = workDir.resolve(".child-" + n + ".err");
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(environment);
      Process process =
          builder
              .directory(workDir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      return new Started(process, out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A started child. */
  record Started(Process process, Path out, Path err) {
    CliResult result() {
      try {
        return new CliResult(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String outSoFar() {
      try {
        return Files.readString(out, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** {@code kill -9}: the process gets no chance to clean up. */
    void kill9() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor();
    }

    /** {@code kill -INT}, as Ctrl-C would send. */
    void interrupt() throws IOException, InterruptedException {
      new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();
    }

    /** {@code kill -SIG -- -PID}: the signal to the child's whole process group. */
    void signalGroup(String signal) throws IOException, InterruptedException {
      new ProcessBuilder("kill", "-s", signal, "--", "-" + process.pid()).start().waitFor();
    }

    int waitFor() throws InterruptedException {
      if (!process.waitFor(DEFAULT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("child did not end in time");
      }
      return process.exitValue();
    }
  }

  private static boolean sigintIgnored() {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return false;
    }
    try {
      for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
        if (line.startsWith("SigIgn:")) {
          return (Long.parseLong(line.substring("SigIgn:".length()).trim(), 16) & 0x2) != 0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return false;
    }
    return false;
  }
}
