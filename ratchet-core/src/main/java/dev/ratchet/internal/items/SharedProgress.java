package dev.ratchet.internal.items;

import dev.ratchet.items.ProgressListener;
import dev.ratchet.store.RunProgress;
import dev.ratchet.store.SharedRun;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a pipeline on a shared run: run-wide counts (every worker's) read from the server
 * after a batch is completed, at most once a second so that many small batches do not turn into as
 * many counting queries, and once more at the end. Counting a run's items reads its finished items
 * (about a second for a million on PostgreSQL), so a read is also spaced by {@value #COST_SHARE}
 * times as long as the last one took: every worker of a large run counting once a second would
 * spend the server on counting rather than on the work. Thread-safe.
 */
final class SharedProgress {
  private static final Logger log = LoggerFactory.getLogger(SharedProgress.class);
  private static final long EVERY_NANOS = 1_000_000_000L;

  /** A progress read may take at most 1/COST_SHARE of the time between two reads. */
  static final int COST_SHARE = 50;

  private final SharedRun run;
  private final ProgressListener listener;
  private final long startNanos;
  private final LongSupplier clock;
  private long lastNanos;
  private long everyNanos = EVERY_NANOS;
  private boolean reported;

  SharedProgress(SharedRun run, ProgressListener listener, long startNanos) {
    this(run, listener, startNanos, System::nanoTime);
  }

  SharedProgress(SharedRun run, ProgressListener listener, long startNanos, LongSupplier clock) {
    this.run = run;
    this.listener = listener;
    this.startNanos = startNanos;
    this.clock = clock;
  }

  /**
   * Reports the run's progress now if {@code force} or its interval has passed since the last
   * report.
   *
   * @param processed items this worker finished
   */
  synchronized void report(long processed, boolean force) {
    long now = clock.getAsLong();
    if (!force && reported && now - lastNanos < everyNanos) {
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
    everyNanos = Math.max(EVERY_NANOS, (clock.getAsLong() - now) * COST_SHARE);
    report(p, processed);
  }

  /** Reports {@code p}, read by the caller. */
  synchronized void report(RunProgress p, long processed) {
    lastNanos = clock.getAsLong();
    reported = true;
    new ProgressMeter(listener, OptionalLong.of(p.total()), startNanos)
        .report(p.counts(), processed);
  }
}
