package dev.ratchet.cli.process;

import dev.ratchet.RetryPolicy;
import dev.ratchet.cli.CheckpointAccess;
import dev.ratchet.cli.CheckpointFiles;
import dev.ratchet.cli.ExitCodes;
import dev.ratchet.cli.KeyFileOption;
import dev.ratchet.items.ItemContext;
import dev.ratchet.items.ItemPipeline;
import dev.ratchet.items.JsonLinesSink;
import dev.ratchet.items.RunHandle;
import dev.ratchet.items.RunResult;
import dev.ratchet.items.Sinks;
import dev.ratchet.store.MetaKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** One {@code ratchet process} run: builds the item pipeline from the settings and runs it. */
final class ProcessRun implements Callable<Integer> {
  private final ProcessSettings settings;
  private final PrintWriter out;
  private final ProgressDisplay display;
  private KeyFileOption keyFile = new KeyFileOption();
  private final WatchedInput input;
  private final OutputGuard guard;

  ProcessRun(ProcessSettings settings, PrintWriter out, ProgressDisplay display) {
    this.settings = settings;
    this.out = out;
    this.display = display;
    this.input = new WatchedInput(settings.input());
    this.guard = new OutputGuard(settings, input);
  }

  /** Protects the checkpoint with the key of {@code --key-file}, if one is given. */
  ProcessRun keyFile(KeyFileOption option) {
    this.keyFile = option;
    return this;
  }

  @Override
  public Integer call() {
    OutputLock lock = OutputLock.acquire(settings.output());
    try {
      CheckpointFiles.prepare(settings.checkpoint(), settings.fresh());
      String alreadyDone = guard.check();
      if (alreadyDone != null) {
        out.println(alreadyDone);
        out.flush();
        return ExitCodes.OK;
      }
      printResumePlan();
      return runLocked();
    } finally {
      lock.close();
    }
  }

  private int runLocked() {
    try (ItemCommand exec = ItemCommand.of(settings)) {
      ItemPipeline<String, Object> pipeline = pipeline(exec);
      RunHandle handle = pipeline.start();
      try (GracefulStop stop = GracefulStop.install(handle, settings.stopGrace())) {
        int code = finish(awaitDisplayed(handle));
        stop.finished(code);
        return code;
      }
    }
  }

  private int finish(RunResult result) {
    if (!result.stopped()) {
      finishOutput(result);
    }
    new RunSummary(settings, out).print(result);
    if (result.stopped()) {
      return ExitCodes.INTERRUPTED;
    }
    return result.succeeded() ? ExitCodes.OK : ExitCodes.ITEMS_FAILED;
  }

  private RunResult awaitDisplayed(RunHandle handle) {
    try {
      return await(handle);
    } finally {
      display.finish();
    }
  }

  private ItemPipeline<String, Object> pipeline(ItemCommand exec) {
    ItemPipeline.Builder<String, Object> builder =
        ItemPipeline.<String, Object>builder()
            .source(input)
            .contextProcessor((item, ctx) -> process(exec, item, ctx))
            .sink(sink())
            .command(withKeyFile(settings.resumeCommand()))
            .batchSize(settings.batchSize())
            .workers(settings.workers())
            .poisonThreshold(settings.crashLimit())
            .progress(p -> display.checkpointed(ProgressSnapshots.of(p)));
    byte[] key = keyFile.key();
    if (key == null) {
      builder.checkpoint(settings.checkpoint());
    } else {
      builder.checkpoint(settings.checkpoint(), key);
    }
    if (settings.retries() > 0) {
      builder.retry(
          RetryPolicy.attempts(settings.retries() + 1)
              .backoff(Duration.ofMillis(200), Duration.ofSeconds(30))
              .build());
    }
    if (settings.timeout() != null) {
      builder.timeout(settings.timeout());
    }
    if (settings.failFast()) {
      builder.failFast();
    }
    if (settings.fresh()) {
      builder.fresh();
    }
    if (settings.keepCheckpoint()) {
      builder.keepCheckpoint();
    }
    if (settings.simulateCrashAfter() > 0) {
      builder.crashAfter(settings.simulateCrashAfter());
    }
    return builder.build();
  }

  private static Object process(ItemCommand exec, String item, ItemContext ctx) throws Exception {
    if (exec == null) {
      return BuiltinTransform.apply(item);
    }
    return exec.run(item, ctx.idempotencyKey(), ctx.upcoming());
  }

  private JsonLinesSink sink() {
    if (settings.format() == OutputFormat.json) {
      return Sinks.jsonLines(workingLines())
          .onSuccess(guard::inputUnchanged)
          .finishAsJsonArray(settings.output())
          .onSuccess(guard::recordFinished);
    }
    return Sinks.jsonLines(settings.output())
        .onSuccess(guard::inputUnchanged)
        .onSuccess(guard::recordFinished);
  }

  /**
   * For {@code --format json}: the JSON-lines file the array is made from when the run succeeds.
   */
  private Path workingLines() {
    return settings.output().resolveSibling(settings.output().getFileName() + ".partial.jsonl");
  }

  private void finishOutput(RunResult result) {
    if (settings.format() == OutputFormat.json && result.checkpointRemoved()) {
      try {
        Files.deleteIfExists(workingLines());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** On resume, the checkpoint-list seed's plan line: items done, items remaining. */
  private void printResumePlan() {
    if (settings.fresh() || !CheckpointAccess.exists(settings.checkpoint())) {
      return;
    }
    try {
      var info = CheckpointAccess.inspect(settings.checkpoint());
      long done = info.counts().done() + info.counts().skipped();
      String total = info.metadata().get(MetaKeys.INPUT_ITEMS);
      out.println(
          total == null
              ? "Resume plan: " + done + " done"
              : "Resume plan: "
                  + done
                  + " done, "
                  + Math.max(0, Long.parseLong(total) - done)
                  + " remaining");
    } catch (RuntimeException e) {
      // The run itself reports a damaged or foreign checkpoint, with what to do.
    }
  }

  private List<String> withKeyFile(List<String> argv) {
    List<String> all = new ArrayList<>(argv);
    all.addAll(keyFile.resumeArguments());
    return all;
  }

  private static RunResult await(RunHandle handle) {
    while (true) {
      try {
        return handle.await();
      } catch (InterruptedException e) {
        handle.stop();
      }
    }
  }
}
