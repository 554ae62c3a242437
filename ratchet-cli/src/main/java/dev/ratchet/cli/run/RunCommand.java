package dev.ratchet.cli.run;

import dev.ratchet.RatchetException;
import dev.ratchet.RetryPolicy;
import dev.ratchet.cli.CheckpointFiles;
import dev.ratchet.cli.ExitCodes;
import dev.ratchet.cli.KeyFileOption;
import dev.ratchet.cli.UsageException;
import dev.ratchet.cli.internal.IoReasons;
import dev.ratchet.cli.process.Limits;
import dev.ratchet.dag.CheckpointExecutor;
import dev.ratchet.dag.ExecutionResult;
import dev.ratchet.dag.Task;
import dev.ratchet.dag.render.DagRenderer;
import dev.ratchet.store.FileStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ratchet run PIPELINE.yaml}: runs a pipeline of shell steps, resuming after a failure. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a pipeline of shell steps (a YAML file) in dependency order, checkpointing each"
          + " finished step. Run the same command again after a failure or crash: completed"
          + " steps are restored, the rest run.",
      "",
      "Pipeline file:",
      "  name: etl                       # optional",
      "  steps:",
      "    extract:",
      "      run: ./extract.sh           # a shell command (/bin/sh -c), run in the file's"
          + " directory",
      "    transform:",
      "      run: ./transform.sh",
      "      needs: [extract]            # steps that must complete first",
      "      retries: 2                  # extra attempts, with exponential backoff from 1s",
      "      timeout: 5m                 # per attempt: 500ms, 30s, 5m, 1h30m, 2d or seconds",
      "      env: {MODE: full}           # extra environment variables",
      "      when: {step: extract, output_contains: 'new rows'}",
      "",
      "A step's result is its exit code and the last 50 lines of its output. 'when:' runs the",
      "step only if: {step: S, output_contains: T} S's output tail contains T;",
      "{step: S, output_equals: T} S's last output line is T; {step: S, output_matches: REGEX};",
      "or {command: CMD} the shell command CMD exits 0. S must be in needs. A step skipped by",
      "its condition, and the steps after it, stay skipped on resume. Steps get RATCHET_STEP,",
      "RATCHET_ATTEMPT and RATCHET_IDEMPOTENCY_KEY in their environment.",
      "",
      "On resume a step that is new, or whose run, env, when, timeout, retries or needs changed",
      "since the checkpoint, runs again with every step after it (each says why); steps no",
      "longer in the file are dropped from the checkpoint. The run prints its resume plan.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 all steps done (or skipped by a condition); 1 some steps failed (run again"
          + " to resume); 2 bad usage or pipeline file; 3 checkpoint problem.",
      "After kill -9 the step that was running may still have a running child process, and is"
          + " run again on resume (at-least-once)."
    })
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PIPELINE", description = "The pipeline YAML file.")
  Path pipelineFile;

  @Option(
      names = "--workers",
      paramLabel = "N",
      defaultValue = "4",
      description = "Steps that may run at once (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--crash-limit",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "A step running when the process died N times is marked FAILED instead of run again"
              + " (default: ${DEFAULT-VALUE}).")
  int crashLimit;

  @Option(
      names = "--stop-grace",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description =
          "After Ctrl-C or SIGTERM, how long running steps may finish before they are killed and"
              + " left not done (a second Ctrl-C kills them at once). Default: ${DEFAULT-VALUE}.")
  String stopGrace;

  @Option(
      names = "--checkpoint",
      paramLabel = "DIR",
      description =
          "Checkpoint directory (default: .ratchet/<pipeline file name> next to the"
              + " pipeline file).")
  Path checkpoint;

  @Option(names = "--fresh", description = "Discard the checkpoint and run every step.")
  boolean fresh;

  @Option(
      names = "--from",
      paramLabel = "STEP",
      description =
          "Rerun STEP and every step after it even if they completed; restore the"
              + " others from the checkpoint (a failed run's, or one kept with --keep).")
  String from;

  @Option(
      names = "--keep",
      description =
          "Keep the checkpoint after every step completed (for a later --from); once kept,"
              + " later runs keep it too until --fresh or ratchet clear.")
  boolean keep;

  @Option(
      names = "--logs",
      paramLabel = "DIR",
      description = "Where each step's log file goes (default: <checkpoint>.logs).")
  Path logs;

  @Option(
      names = "--trace",
      paramLabel = "FILE",
      description = "Write the run as Chrome trace-event JSON (open it in Perfetto).")
  Path trace;

  @Mixin KeyFileOption keyFile = new KeyFileOption();

  @Override
  @SuppressWarnings("try") // the signal handler lives as long as the run; it is never read
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (workers < 1) {
      throw new UsageException("--workers must be >= 1, was " + workers);
    }
    if (crashLimit < 1) {
      throw new UsageException("--crash-limit must be >= 1, was " + crashLimit);
    }
    Limits.duration("--stop-grace", stopGrace);
    if (fresh && from != null) {
      throw new UsageException("--fresh and --from contradict each other; use one");
    }
    Pipeline pipeline = PipelineLoader.load(pipelineFile);
    if (from != null && pipeline.steps().stream().noneMatch(s -> s.name().equals(from))) {
      throw new UsageException(
          "--from names unknown step '"
              + from
              + "'; steps are "
              + pipeline.steps().stream().map(Pipeline.Step::name).toList());
    }
    Path checkpointDir =
        checkpoint != null
            ? checkpoint
            : pipeline
                .workDir()
                .resolve(".ratchet")
                .resolve(pipeline.file().getFileName().toString());
    CheckpointFiles.prepare(checkpointDir, fresh);
    Path logDir =
        logs != null ? logs : checkpointDir.resolveSibling(checkpointDir.getFileName() + ".logs");
    try {
      createPrivateDirectories(logDir);
    } catch (IOException e) {
      throw new RatchetException(
          "cannot create the directory of the step logs "
              + logDir
              + " ("
              + IoReasons.of(e)
              + "): the checkpoint and the logs go beside the pipeline file unless told"
              + " otherwise; give --checkpoint DIR (the logs go beside it) or --logs DIR in a"
              + " writable place. Nothing was run.",
          e);
    }

    ShellRunner shell = new ShellRunner(pipeline.workDir(), logDir, out);
    CheckpointExecutor executor =
        executor(pipeline, checkpointDir, shell, out)
            .command(resumeCommand(checkpointDir, logDir))
            .build();
    Map<String, Task> tasks = new LinkedHashMap<>();
    for (Pipeline.Step step : pipeline.steps()) {
      tasks.put(step.name(), ctx -> shell.run(ctx, step));
    }
    boolean existed = FileStore.exists(checkpointDir);
    out.println(
        "ratchet: "
            + (fresh || !existed ? "running" : "resuming")
            + " pipeline '"
            + pipeline.name()
            + "' ("
            + pipeline.steps().size()
            + " steps, checkpoint "
            + checkpointDir
            + ", logs "
            + logDir
            + ")");
    ExecutionResult result;
    boolean stopped;
    try (Interrupts interrupts =
        Interrupts.cancelOnSignal(executor, Limits.duration("--stop-grace", stopGrace))) {
      result =
          fresh
              ? executor.execute(tasks)
              : from != null ? executor.rerun(tasks, Set.of(from)) : executor.resume(tasks);
      stopped = interrupts.signalled();
    }
    if (trace != null) {
      try {
        DagRenderer.writeChromeTrace(result, trace);
        out.println("ratchet: trace written to " + trace);
      } catch (IOException e) {
        out.flush();
        spec.commandLine()
            .getErr()
            .println(
                "ratchet: cannot write the trace to "
                    + trace
                    + " ("
                    + IoReasons.of(e)
                    + "); the run itself is not affected.");
      }
    }
    int code = summarize(result, checkpointDir, logDir, out);
    if (stopped && code != ExitCodes.OK) {
      out.println(
          "ratchet: stopped on request; steps killed by the stop are not done (not failed): run"
              + " the same command again to resume.");
      return ExitCodes.INTERRUPTED;
    }
    return code;
  }

  /** The command that resumes this run, for the run history (a rerun adds {@code --from}). */
  private List<String> resumeCommand(Path checkpointDir, Path logDir) {
    List<String> argv = new ArrayList<>();
    argv.addAll(List.of("ratchet", "run", pipelineFile.toAbsolutePath().normalize().toString()));
    argv.addAll(List.of("--workers", Integer.toString(workers)));
    if (crashLimit != 3) {
      argv.addAll(List.of("--crash-limit", Integer.toString(crashLimit)));
    }
    argv.addAll(List.of("--checkpoint", checkpointDir.toAbsolutePath().normalize().toString()));
    argv.addAll(List.of("--logs", logDir.toAbsolutePath().normalize().toString()));
    if (keep) {
      argv.add("--keep");
    }
    argv.addAll(keyFile.resumeArguments());
    return argv;
  }

  private CheckpointExecutor.Builder executor(
      Pipeline pipeline, Path checkpointDir, ShellRunner shell, PrintWriter out) {
    CheckpointExecutor.Builder builder =
        CheckpointExecutor.builder(pipeline.dag())
            .checkpoint(checkpointDir)
            .workers(workers)
            .crashLimit(crashLimit)
            .keepCheckpoint(keep)
            .listener(new RunListener(out));
    byte[] key = keyFile.key();
    if (key != null) {
      builder.hmacKey(key);
    }
    for (Pipeline.Step step : pipeline.steps()) {
      builder.definition(step.name(), step.definition());
      if (step.retries() > 0) {
        builder.retry(step.name(), RetryPolicy.of(step.retries() + 1, Duration.ofSeconds(1)));
      }
      if (step.timeout() != null) {
        builder.timeout(step.name(), step.timeout());
      }
      if (step.when() != null) {
        StepCondition condition = step.when();
        builder.when(
            step.name(),
            ctx -> {
              try {
                return condition.test(ctx, shell);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking the condition", e);
              } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
              }
            });
      }
    }
    return builder;
  }

  private static int summarize(
      ExecutionResult result, Path checkpointDir, Path logDir, PrintWriter out) {
    if (!result.interrupted().isEmpty()) {
      out.println("ratchet: steps interrupted by a crash were run again: " + result.interrupted());
    }
    out.println(
        "ratchet: "
            + result.succeeded()
            + " succeeded, "
            + result.restored()
            + " restored, "
            + result.failed()
            + " failed, "
            + result.skipped()
            + " skipped");
    if (result.isSuccess()) {
      out.println(
          result.checkpointKept()
              ? "ratchet: done; checkpoint kept in " + checkpointDir
              : "ratchet: done; checkpoint removed");
      return ExitCodes.OK;
    }
    out.println(
        "ratchet: not finished; logs are in "
            + logDir
            + ". Fix the cause and run the same command again to resume (completed steps are"
            + " restored), or add --fresh to start over.");
    return ExitCodes.ITEMS_FAILED;
  }

  static void createPrivateDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      Files.createDirectory(dir);
    }
  }
}
