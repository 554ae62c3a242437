package dev.ratchet.internal.items;

import dev.ratchet.items.ProgressListener;
import dev.ratchet.store.RunProgress;
import dev.ratchet.store.SharedRun;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a pipeline on a shared run: run-wide counts (every worker's) read from the server
 * after a batch is completed, at most once a second so that many small batches do not turn into as
 * many counting queries, and once more at the end. Thread-safe.
 */
final class SharedProgress {
  private static final Logger log = LoggerFactory.getLogger(SharedProgress.class);
  private static final long EVERY_NANOS = 1_000_000_000L;

  private final SharedRun run;
  private final ProgressListener listener;
  private final long startNanos;
  private long lastNanos;
  private boolean reported;

  SharedProgress(SharedRun run, ProgressListener listener, long startNanos) {
    this.run = run;
    this.listener = listener;
    this.startNanos = startNanos;
  }

  /**
   * Reports the run's progress now if {@code force} or a second has passed since the last report.
   *
   * @param processed items this worker finished
   */
  synchronized void report(long processed, boolean force) {
    long now = System.nanoTime();
    if (!force && reported && now - lastNanos < EVERY_NANOS) {
      return;
    }
    RunProgress p;
    try {
      p = run.progress();
    } catch (RuntimeException e) {
      // the next claim or completion reports a server that is gone; progress is only shown
      log.debug("could not read the progress of {}: {}", run.location(), e.getMessage());
      return;
    }
    report(p, processed);
  }

  /** Reports {@code p}, read by the caller. */
  synchronized void report(RunProgress p, long processed) {
    lastNanos = System.nanoTime();
    reported = true;
    new ProgressMeter(listener, OptionalLong.of(p.total()), startNanos)
        .report(p.counts(), processed);
  }
}
