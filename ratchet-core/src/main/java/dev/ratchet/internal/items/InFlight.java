package dev.ratchet.internal.items;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The attempts running in one run, their timeouts, and the run's stop. Once a stop is asked for no
 * attempt starts; the running ones may finish until the grace period ends, then they are
 * interrupted. Thread-safe.
 */
final class InFlight implements AutoCloseable {
  /** At most one attempt per worker thread, so a list is cheaper than a hash set (no hashing). */
  private final List<Attempt> running = new ArrayList<>();

  private volatile boolean stopping;
  private long killAtNanos = Long.MAX_VALUE;
  private ScheduledThreadPoolExecutor timer;
  private boolean closed;

  /**
   * Starts an attempt on the calling thread, to be interrupted after {@code timeout} (null: never),
   * or returns null if the run is stopping.
   */
  synchronized Attempt start(Duration timeout) {
    if (stopping) {
      return null;
    }
    Attempt attempt = new Attempt(this);
    running.add(attempt);
    if (timeout != null && !closed) {
      attempt.timer =
          timer()
              .schedule(
                  () -> attempt.interrupt(Attempt.Cut.TIMED_OUT),
                  timeout.toNanos(),
                  TimeUnit.NANOSECONDS);
    }
    return attempt;
  }

  synchronized void ended(Attempt attempt) {
    running.remove(attempt);
    if (attempt.timer != null) {
      attempt.timer.cancel(false);
    }
  }

  /**
   * Starts no new attempt from now on; interrupts the running ones once {@code grace} has passed
   * (at once for zero, never for null). A later call may shorten the grace period, never lengthen
   * it.
   */
  synchronized void stop(Duration grace) {
    stopping = true;
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
