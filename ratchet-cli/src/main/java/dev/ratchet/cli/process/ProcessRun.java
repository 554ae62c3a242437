package dev.ratchet.cli.process;

import dev.ratchet.cli.CheckpointAccess;
import dev.ratchet.cli.CheckpointFiles;
import dev.ratchet.cli.ExitCodes;
import dev.ratchet.cli.KeyFileOption;
import dev.ratchet.items.ItemPipeline;
import dev.ratchet.items.JsonLinesSink;
import dev.ratchet.items.RunResult;
import dev.ratchet.items.Sinks;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.MetaKeys;
import dev.ratchet.store.StoreConnection;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * One {@code ratchet process} run: builds the item pipeline from the settings and runs it, with its
 * checkpoint in a directory or in a store that holds one checkpoint ({@code --store sqlite:PATH}).
 */
final class ProcessRun implements Callable<Integer> {
  private final ProcessSettings settings;
  private final PrintWriter out;
  private final ProgressDisplay display;
  private KeyFileOption keyFile = new KeyFileOption();
  private final WatchedInput input;
  private final OutputGuard guard;
  private final StoreConnection store;

  /** A run whose checkpoint is the directory of {@code settings}. */
  ProcessRun(ProcessSettings settings, PrintWriter out, ProgressDisplay display) {
    this(settings, out, display, null);
  }

  /**
   * A run whose checkpoint is the one that {@code store} holds (a store that does not share runs),
   * or the directory of {@code settings} if {@code store} is null.
   */
  ProcessRun(
      ProcessSettings settings, PrintWriter out, ProgressDisplay display, StoreConnection store) {
    this.settings = settings;
    this.out = out;
    this.display = display;
    this.store = store;
    this.input = new WatchedInput(settings.input());
    this.guard =
        store == null
            ? new OutputGuard(settings, input)
            : new OutputGuard(settings, input, () -> store.inspect(null).exists());
  }

  /** Protects the checkpoint with the key of {@code --key-file}, if one is given. */
  ProcessRun keyFile(KeyFileOption option) {
    this.keyFile = option;
    return this;
  }

  @Override
  public Integer call() {
    input.inspectAhead(); // read while the output is locked and the checkpoint opened
    OutputLock lock = OutputLock.acquire(settings.output());
    try {
      if (store == null) {
        CheckpointFiles.prepare(settings.checkpoint(), settings.fresh());
      }
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
      return ProcessPipelines.run(pipeline(exec), settings.stopGrace(), display, this::finish);
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

  private ItemPipeline<String, Object> pipeline(ItemCommand exec) {
    ItemPipeline.Builder<String, Object> builder =
        ProcessPipelines.builder(settings, exec, display)
            .source(input)
            .sink(sink())
            .command(withKeyFile(settings.resumeCommand()))
            .work(FinishedRun.work(settings));
    byte[] key = keyFile.key();
    if (store != null) {
      builder.storeFactory(() -> store.store(null));
    } else if (key == null) {
      builder.checkpoint(settings.checkpoint());
    } else {
      builder.checkpoint(settings.checkpoint(), key);
    }
    if (settings.fresh()) {
      builder.fresh();
    }
    if (settings.keepCheckpoint()) {
      builder.keepCheckpoint();
    }
    return builder.build();
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
        .onSuccess(guard::recordFinishedLines);
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

  /**
   * On resume, the checkpoint-list seed's plan line: items done, items remaining; and a note when
   * the items done so far had other work ({@code --exec} or {@code --format}) than this run's.
   */
  private void printResumePlan() {
    if (settings.fresh()) {
      return;
    }
    try {
      CheckpointInfo info;
      if (store != null) {
        info = store.inspect(null);
      } else if (CheckpointAccess.exists(settings.checkpoint())) {
        info = CheckpointAccess.inspect(settings.checkpoint());
      } else {
        return;
      }
      if (!info.exists()) {
        return;
      }
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
      String earlier = info.metadata().get(MetaKeys.WORK);
      String now = FinishedRun.work(settings);
      if (earlier != null && !earlier.equals(now) && done > 0) {
        out.println(
            "Note: the items done so far had other work ("
                + earlier
                + "); the rest now run with "
                + now
                + ". Add --fresh to redo them all with it.");
      }
    } catch (RuntimeException e) {
      // The run itself reports a damaged or foreign checkpoint, with what to do.
    }
  }

  private List<String> withKeyFile(List<String> argv) {
    List<String> all = new ArrayList<>(argv);
    all.addAll(keyFile.resumeArguments());
    return all;
  }
}
