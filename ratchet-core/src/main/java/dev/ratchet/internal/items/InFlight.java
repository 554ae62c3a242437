package dev.ratchet.internal.items;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The attempts running in one run, their timeouts, and the run's stop. Once a stop is asked for no
 * attempt starts; the running ones may finish until the grace period ends, then they are
 * interrupted. Thread-safe.
 */
final class InFlight implements AutoCloseable {
  /** One per worker thread in a batch, so a list is cheaper than a hash set (no hashing). */
  private final List<Attempt> running = new ArrayList<>();

  private volatile boolean stopping;
  private long killAtNanos = Long.MAX_VALUE;
  private ScheduledThreadPoolExecutor timer;
  private boolean closed;

  /**
   * The attempts of the calling thread for one batch, interrupted by a stop while one runs; closed
   * after the batch.
   */
  synchronized Attempt enter() {
    Attempt attempts = new Attempt(this);
    running.add(attempts);
    return attempts;
  }

  synchronized void left(Attempt attempts) {
    running.remove(attempts);
  }

  /** Runs {@code task} after {@code nanos} on the timer thread; null once closed. */
  synchronized ScheduledFuture<?> schedule(Runnable task, long nanos) {
    return closed ? null : timer().schedule(task, nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Starts no new attempt from now on; interrupts the running ones once {@code grace} has passed
   * (at once for zero, never for null). A later call may shorten the grace period, never lengthen
   * it.
   */
  synchronized void stop(Duration grace) {
    stopping = true; // (written before the attempts are read: one that began after sees it)
    if (grace == null) {
      return;
    }
    long now = System.nanoTime();
    long killAt = grace.toNanos() <= 0 ? now : now + Math.min(grace.toNanos(), Long.MAX_VALUE / 4);
    if (killAt >= killAtNanos) {
      return;
    }
    killAtNanos = killAt;
    if (killAt <= now) {
      interruptAll();
    } else if (!closed) {
      timer().schedule(this::interruptAll, killAt - now, TimeUnit.NANOSECONDS);
    }
  }

  boolean stopping() {
    return stopping;
  }

  private void interruptAll() {
    List<Attempt> victims;
    synchronized (this) {
      victims = new ArrayList<>(running);
    }
    victims.forEach(a -> a.interrupt(Attempt.Cut.STOPPED));
  }

  private ScheduledExecutorService timer() {
    if (timer == null) {
      timer =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread thread = new Thread(r, "ratchet-item-timer");
                thread.setDaemon(true);
                return thread;
              });
      timer.setRemoveOnCancelPolicy(true);
    }
    return timer;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
