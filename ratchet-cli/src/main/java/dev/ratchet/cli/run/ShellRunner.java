package dev.ratchet.cli.run;

import dev.ratchet.cli.internal.LineReader;
import dev.ratchet.cli.internal.ProcessGroups;
import dev.ratchet.dag.TaskContext;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs step commands with {@code /bin/sh -c} in the pipeline's directory. Output (stdout and stderr
 * together) is streamed line by line with a {@code [step]} prefix, appended to the step's log file
 * and kept as a tail for the result; lines over {@value #MAX_LINE_BYTES} bytes are cut while
 * reading. Each command runs in a process group of its own: when it exits, whatever it left in the
 * group is killed, and so is the whole group when the step is interrupted (timeout, stop).
 */
final class ShellRunner {
  /** Longer output lines are cut (the rest is read and dropped, and the cut is noted). */
  static final int MAX_LINE_BYTES = 64 * 1024;

  private final Path workDir;
  private final Path logDir;
  private final PrintWriter out;
  private final ProcessGroups groups;

  /**
   * @throws dev.ratchet.cli.UsageException if {@code setsid} is missing
   */
  ShellRunner(Path workDir, Path logDir, PrintWriter out) {
    this.workDir = workDir;
    this.logDir = logDir;
    this.out = out;
    this.groups = ProcessGroups.shared();
  }

  /** Runs a step; returns its result, or throws {@link StepFailedException} for a nonzero exit. */
  StepResult run(TaskContext ctx, Pipeline.Step step)
      throws IOException, InterruptedException, StepFailedException {
    String logName = LogFiles.fileName(step.name());
    OutputTail tail = new OutputTail();
    try (Writer log =
        Files.newBufferedWriter(
            privateFile(logDir.resolve(logName)),
            StandardCharsets.UTF_8,
            StandardOpenOption.APPEND,
            StandardOpenOption.WRITE)) {
      log.write(
          "# step "
              + step.name()
              + ", attempt "
              + ctx.attempt()
              + ", "
              + Instant.now()
              + ": "
              + step.command()
              + "\n");
      int exit =
          execute(
              ctx,
              step.name(),
              step.command(),
              step.env(),
              line -> {
                tail.add(line);
                try {
                  log.write(line);
                  log.write('\n');
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      log.write("# exit code " + exit + "\n");
      if (exit != 0) {
        throw new StepFailedException(step.command(), exit, tail.last(3));
      }
      return new StepResult(exit, tail.text(), logName);
    }
  }

  private static Path privateFile(Path file) throws IOException {
    if (!Files.exists(file)) {
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
    }
    return file;
  }

  /** Runs a {@code when: {command: ...}} check and returns its exit status. */
  int check(TaskContext ctx, String command) throws IOException, InterruptedException {
    return execute(ctx, ctx.node() + " (when)", command, Map.of(), line -> {});
  }

  private int execute(
      TaskContext ctx, String label, String command, Map<String, String> env, Consumer<String> sink)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("/bin/sh", "-c", command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(env);
    builder.environment().put("RATCHET_STEP", ctx.node());
    builder.environment().put("RATCHET_ATTEMPT", Integer.toString(ctx.attempt()));
    builder.environment().put("RATCHET_IDEMPOTENCY_KEY", ctx.idempotencyKey());
    Process process = groups.start(builder);
    Thread pump = new Thread(() -> pump(process, label, sink), "ratchet-output-" + label);
    pump.setDaemon(true);
    pump.start();
    try {
      int exit = process.waitFor();
      groups.kill(process);
      pump.join();
      return exit;
    } catch (InterruptedException e) {
      groups.kill(process);
      pump.join(2000);
      throw e;
    }
  }

  private void pump(Process process, String label, Consumer<String> sink) {
    try (InputStream in = process.getInputStream()) {
      LineReader.lines(
          in,
          MAX_LINE_BYTES,
          line -> {
            synchronized (out) {
              out.println("[" + label + "] " + line);
            }
            sink.accept(line);
          });
    } catch (IOException | RuntimeException e) {
      synchronized (out) {
        out.println("[" + label + "] (output lost: " + e.getMessage() + ")");
      }
    }
  }
}
