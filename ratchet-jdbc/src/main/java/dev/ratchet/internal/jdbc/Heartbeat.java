package dev.ratchet.internal.jdbc;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews a lease at a fixed interval on a daemon thread and remembers when the last renewal that
 * succeeded was started, so its owner can tell when the lease may have run out.
 */
public final class Heartbeat {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

  private final ScheduledExecutorService timer;
  private volatile long lastRenewedNanos;
  private volatile String lastError;

  private Heartbeat(String name) {
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    this.lastRenewedNanos = System.nanoTime();
  }

  public static Heartbeat start(String name, Duration interval, Runnable renew) {
    Heartbeat hb = new Heartbeat(name);
    long millis = Math.max(10, interval.toMillis());
    hb.timer.scheduleWithFixedDelay(
        () -> {
          long started = System.nanoTime();
          try {
            renew.run();
            hb.lastRenewedNanos = started;
            hb.lastError = null;
          } catch (RuntimeException e) {
            hb.lastError = e.getMessage();
            LOG.warn("{}: lease renewal failed: {}", name, e.getMessage());
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
    return hb;
  }

  /** Marks a renewal that happened elsewhere (in a claim or a commit) started at {@code nanos}. */
  public void renewedAt(long nanos) {
    if (nanos - lastRenewedNanos > 0) {
      lastRenewedNanos = nanos;
    }
  }

  /** Time since the start of the last renewal that succeeded. */
  public Duration sinceRenewal() {
    return Duration.ofNanos(System.nanoTime() - lastRenewedNanos);
  }

  /** The error of the last failed renewal, or null. */
  public String lastError() {
    return lastError;
  }

  public void stop() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
