package dev.ratchet.internal.dag;

import dev.ratchet.StoreUnavailableException;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.Commit;
import java.util.List;

/**
 * Records a DAG run's node transitions without making a node wait for a force of its own. Each
 * record is appended in order at once (a {@link Commit#deferred deferred} commit: it survives a
 * crash of the process), and a syncer thread forces everything appended so far, again and again
 * while there is something new, so that the outcomes of nodes finishing together share one force
 * and a chain pays at most one force per node. Downstream nodes may start before their upstream's
 * outcome is on disk: a power cut can lose the last outcomes (those nodes run again), but never
 * keeps a downstream outcome without its upstream's, because records are appended in order. {@link
 * #finish} forces what is left before a run reports its result.
 */
final class OutcomeLog implements AutoCloseable {
  private final CheckpointStore store;
  private final Object lock = new Object();
  private final Thread syncer;
  private boolean dirty;
  private boolean closed;
  private RuntimeException failure;

  OutcomeLog(CheckpointStore store) {
    this.store = store;
    this.syncer = new Thread(this::sync, "ratchet-dag-sync");
    syncer.setDaemon(true);
    syncer.start();
  }

  /** Appends one transition; a force shared with others follows soon. */
  void record(Change change) {
    synchronized (lock) {
      if (failure != null) {
        throw new StoreUnavailableException(
            "checkpoint " + store.location() + " could not be forced to disk: " + failure, failure);
      }
    }
    store.commit(Commit.deferred(List.of(change)));
    synchronized (lock) {
      dirty = true;
      lock.notifyAll();
    }
  }

  private void sync() {
    while (true) {
      synchronized (lock) {
        while (!dirty && !closed) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            closed = true;
          }
        }
        if (!dirty) {
          return;
        }
        dirty = false;
      }
      try {
        store.commit(Commit.of()); // an empty commit forces everything appended before it
      } catch (RuntimeException e) {
        synchronized (lock) {
          failure = e;
        }
        return;
      }
    }
  }

  /** Stops the syncer and forces everything recorded; throws if that fails. */
  void finish() {
    close();
    synchronized (lock) {
      if (failure != null) {
        throw failure;
      }
    }
    store.commit(Commit.of());
  }

  /** Stops the syncer (without a last force). */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    boolean interrupted = false;
    while (syncer.isAlive()) {
      try {
        syncer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
