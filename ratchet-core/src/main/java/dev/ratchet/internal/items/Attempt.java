package dev.ratchet.internal.items;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * The attempts of one worker thread, one at a time, that a timeout or a stop may interrupt: made
 * once per batch ({@link InFlight#enter}) and used by each attempt of its items ({@link #begin},
 * {@link #end}), so an item costs no allocation and no shared lock. The thread is interrupted only
 * while an attempt runs, never during a store commit made through the item's context (an interrupt
 * closes an NIO channel, which would break the checkpoint): an interrupt that comes during a commit
 * is delivered when the commit returns.
 */
final class Attempt implements AutoCloseable {
  /** Why an attempt was interrupted. */
  enum Cut {
    NONE,
    TIMED_OUT,
    STOPPED
  }

  private final Thread thread = Thread.currentThread();
  private final InFlight owner;

  /** Written under the lock, read without it (once per item, after it ran). */
  private volatile Cut cut = Cut.NONE;

  private boolean running;
  private long generation;
  private boolean shielded;
  private boolean pending;

  /** The running attempt's timeout, if it has one. */
  private ScheduledFuture<?> timer;

  Attempt(InFlight owner) {
    this.owner = owner;
  }

  /**
   * Starts an attempt on this thread, to be interrupted after {@code timeout} (null: never); false
   * if the run is stopping (then nothing started). A stop that comes after this returned true finds
   * the attempt running.
   */
  boolean begin(Duration timeout) {
    long number;
    synchronized (this) {
      running = true;
      cut = Cut.NONE;
      number = ++generation;
    }
    if (owner.stopping()) { // (read after running was set: see InFlight.stop)
      end();
      return false;
    }
    if (timeout != null) {
      ScheduledFuture<?> scheduled = owner.schedule(() -> timedOut(number), timeout.toNanos());
      synchronized (this) {
        timer = scheduled;
      }
    }
    return true;
  }

  private synchronized void timedOut(long number) {
    if (generation == number) {
      interrupt(Cut.TIMED_OUT);
    }
  }

  /**
   * Interrupts the running attempt's thread (at once, or when its commit returns); the first cause
   * wins. Between attempts it does nothing.
   */
  synchronized void interrupt(Cut why) {
    if (!running) {
      return;
    }
    if (cut == Cut.NONE) {
      cut = why;
    }
    if (shielded) {
      pending = true;
    } else {
      thread.interrupt();
    }
  }

  Cut cut() {
    return cut;
  }

  /** Runs {@code body} (a store commit) with interrupts held back until it returns. */
  void shielded(Runnable body) {
    boolean interrupted;
    synchronized (this) {
      shielded = true;
      interrupted = Thread.interrupted();
    }
    try {
      body.run();
    } finally {
      synchronized (this) {
        shielded = false;
        if (interrupted || pending) {
          pending = false;
          thread.interrupt();
        }
      }
    }
  }

  /** Ends the running attempt; an interrupt it delivered is cleared from the thread. */
  void end() {
    ScheduledFuture<?> cancel;
    synchronized (this) {
      running = false;
      if (cut != Cut.NONE) {
        Thread.interrupted();
      }
      cancel = timer;
      timer = null;
    }
    if (cancel != null) {
      cancel.cancel(false);
    }
  }

  /** Ends this thread's attempts (after its batch). */
  @Override
  public void close() {
    owner.left(this);
  }
}
