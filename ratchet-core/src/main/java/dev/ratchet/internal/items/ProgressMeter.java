package dev.ratchet.internal.items;

import dev.ratchet.items.Progress;
import dev.ratchet.items.ProgressListener;
import dev.ratchet.store.StateCounts;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns counts into {@link Progress} (rate, ETA) and hands it to the listener. */
final class ProgressMeter {
  private static final Logger log = LoggerFactory.getLogger(ProgressMeter.class);

  private final ProgressListener listener;
  private final OptionalLong total;
  private final long startNanos;

  ProgressMeter(ProgressListener listener, OptionalLong total, long startNanos) {
    this.listener = listener;
    this.total = total;
    this.startNanos = startNanos;
  }

  Progress measure(StateCounts counts, long processed) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    double seconds = elapsed.toNanos() / 1e9;
    double rate = seconds > 0 ? processed / seconds : 0;
    Optional<Duration> eta = Optional.empty();
    if (total.isPresent() && rate > 0) {
      long left =
          Math.max(0, total.getAsLong() - counts.done() - counts.failed() - counts.skipped());
      eta = Optional.of(Duration.ofMillis((long) (left / rate * 1000)));
    }
    return new Progress(
        counts.done(), counts.failed(), counts.skipped(), total, processed, rate, eta, elapsed);
  }

  void report(StateCounts counts, long processed) {
    try {
      listener.onProgress(measure(counts, processed));
    } catch (RuntimeException e) {
      log.warn("progress listener failed; ignoring", e);
    }
  }
}
