package dev.ratchet.internal.items;

import dev.ratchet.items.RunResult;
import dev.ratchet.store.CooperativeWorker;
import dev.ratchet.store.RunProgress;
import dev.ratchet.store.SharedRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * Runs an item pipeline once as one worker of a {@link SharedRun}: loads the source's items (once
 * per run, whoever comes first) or, when they are loaded already, puts the run's FAILED items back;
 * joins with a lease; runs the {@link ClaimLoop}; and, once the run is finished, writes the sink.
 * The same batch processor, retry and skip policies, timeouts, sub-steps, stop and progress serve a
 * local pipeline; only where items come from and where outcomes go differ.
 */
public final class SharedRunRunner<I, R> {
  private final PipelineConfig<I, R> config;
  private final InFlight inFlight;

  SharedRunRunner(PipelineConfig<I, R> config, InFlight inFlight) {
    this.config = config;
    this.inFlight = inFlight;
  }

  public RunResult run() {
    try (inFlight) {
      return runOnce();
    } catch (IOException e) {
      throw new UncheckedIOException("item pipeline I/O failed: " + e.getMessage(), e);
    }
  }

  private RunResult runOnce() throws IOException {
    long startNanos = System.nanoTime();
    SharedRun run = config.shared().run();
    config.sink().check();
    if (config.fresh() && run.exists()) {
      run.delete();
    }
    prepare(run);
    SharedProgress progress = new SharedProgress(run, config.progress(), startNanos);
    ClaimLoop<I, R> loop;
    try (CooperativeWorker worker = run.join(config.shared().lease(), config.poisonThreshold())) {
      loop = new ClaimLoop<>(config, worker, run.name(), run.location(), inFlight, progress);
      PipelineRunner.rethrow(loop.run());
    }
    RunProgress end = run.progress();
    progress.report(end, loop.committed());
    RunResult.Outcome outcome = loop.outcome(end.failed(), end.open());
    if (loop.finished()) {
      SharedSink.write(config.sink(), run, outcome == RunResult.Outcome.SUCCEEDED);
    }
    return new RunResult(
        outcome,
        run.name(),
        end.counts(),
        loop.committed(),
        loop.failed(),
        loop.interrupted(),
        loop.killed(),
        Duration.ofNanos(System.nanoTime() - startNanos),
        false,
        loop.takenOver());
  }

  /** Loads the items, or puts the failed ones back when they were loaded before. */
  private void prepare(SharedRun run) {
    if (config.source() != null && run.load(config.source()) > 0) {
      return;
    }
    if (!run.loaded()) {
      throw new IllegalStateException(
          "run "
              + run.location()
              + " has no items yet; give the pipeline a source to load them from");
    }
    run.retryFailed();
  }
}
