package dev.ratchet.internal.redis;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews a lease every third of its length on a daemon thread. The renewal returns false when the
 * lease is no longer ours; a renewal that throws is retried at the next tick. {@link #lost()} says
 * why the lease can no longer be trusted, or null while it can.
 */
public final class Lease {
  private static final Logger log = LoggerFactory.getLogger(Lease.class);

  private final Duration length;
  private final ScheduledExecutorService timer;
  private volatile long renewedAt = System.nanoTime();
  private volatile String lostBecause;
  private volatile String lastError;

  public Lease(String thread, Duration length, BooleanSupplier renew) {
    this.length = length;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, thread);
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(1, length.toMillis() / 3);
    timer.scheduleWithFixedDelay(() -> tick(renew), period, period, TimeUnit.MILLISECONDS);
  }

  private void tick(BooleanSupplier renew) {
    long started = System.nanoTime();
    try {
      if (renew.getAsBoolean()) {
        renewedAt = started;
      } else if (lostBecause == null) {
        lostBecause = "another process took it over after the lease ran out";
      }
    } catch (RuntimeException e) {
      lastError = e.toString();
      log.debug("lease renewal failed", e);
    }
  }

  /** Marks a renewal made outside the heartbeat (a successful fenced write). */
  public void renewedAt(long nanos) {
    if (nanos > renewedAt) {
      renewedAt = nanos;
    }
  }

  /** Why the lease is no longer ours, or null. */
  public String lost() {
    if (lostBecause != null) {
      return lostBecause;
    }
    long silentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - renewedAt);
    if (silentMillis > length.toMillis()) {
      return "it could not be renewed for "
          + silentMillis
          + " ms, longer than the lease of "
          + length.toMillis()
          + " ms"
          + (lastError == null ? "" : " (" + lastError + ")");
    }
    return null;
  }

  public void stop() {
    timer.shutdownNow();
  }
}
