package dev.ratchet.internal.store;

import java.io.IOException;

/**
 * Group commit: committers that need durability share one {@code force()}. The first waiter becomes
 * the leader and forces everything written so far; the others wait and are released together when
 * that force covers their record. Compaction pauses syncing while it swaps files.
 */
final class GroupSync {
  private final Object lock = new Object();
  private long written;
  private long durable;
  private boolean syncing;
  private IOException failure;

  /** Forces the current journal. */
  interface Forcer {
    void force() throws IOException;
  }

  /** Records one more written record; returns its sequence number. */
  long markWritten() {
    synchronized (lock) {
      return ++written;
    }
  }

  long lastWritten() {
    synchronized (lock) {
      return written;
    }
  }

  /** Returns once record {@code sequence} is forced, forcing it as leader if nobody is. */
  void awaitDurable(long sequence, Forcer forcer) throws IOException {
    boolean interrupted = false;
    try {
      while (true) {
        long target;
        synchronized (lock) {
          while (durable < sequence && syncing && failure == null) {
            try {
              lock.wait();
            } catch (InterruptedException e) {
              interrupted = true;
            }
          }
          if (failure != null) {
            throw new IOException("an earlier force of the journal failed", failure);
          }
          if (durable >= sequence) {
            return;
          }
          syncing = true;
          target = written;
        }
        IOException error = null;
        try {
          forcer.force();
        } catch (IOException e) {
          error = e;
        }
        synchronized (lock) {
          syncing = false;
          if (error != null) {
            failure = error;
          } else {
            durable = Math.max(durable, target);
          }
          lock.notifyAll();
        }
        if (error != null) {
          throw error;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits for an in-flight force to finish and keeps new ones from starting. */
  void pause() {
    boolean interrupted = false;
    synchronized (lock) {
      while (syncing) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      syncing = true;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Lets syncing resume; {@code allDurable} marks everything written so far as durable. */
  void resume(boolean allDurable, IOException error) {
    synchronized (lock) {
      syncing = false;
      if (allDurable) {
        durable = written;
      }
      if (error != null && failure == null) {
        failure = error;
      }
      lock.notifyAll();
    }
  }
}
