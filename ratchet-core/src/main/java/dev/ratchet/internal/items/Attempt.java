package dev.ratchet.internal.items;

import java.util.concurrent.ScheduledFuture;

/**
 * One attempt of one item, running on one thread, that a timeout or a stop may interrupt. The
 * thread is interrupted only while the attempt runs, never during a store commit made through the
 * item's context (an interrupt closes an NIO channel, which would break the checkpoint): an
 * interrupt that comes during a commit is delivered when the commit returns.
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

  private boolean shielded;
  private boolean pending;
  private boolean closed;

  /** The attempt's timeout, if it has one; guarded by the owner. */
  ScheduledFuture<?> timer;

  Attempt(InFlight owner) {
    this.owner = owner;
  }

  /**
   * Interrupts the attempt's thread (at once, or when its commit returns); the first cause wins.
   */
  synchronized void interrupt(Cut why) {
    if (closed) {
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

  /** Ends the attempt; an interrupt this attempt delivered is cleared from the thread. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      if (cut != Cut.NONE) {
        Thread.interrupted();
      }
    }
    owner.ended(this);
  }
}
