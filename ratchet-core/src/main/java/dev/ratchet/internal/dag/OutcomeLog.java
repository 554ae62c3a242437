package dev.ratchet.internal.dag;

import dev.ratchet.StoreUnavailableException;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.Commit;
import java.util.ArrayList;
import java.util.List;

/**
 * Records a DAG run's node transitions without making a node wait for a force of its own.
 *
 * <p>Transitions are appended in the order they are recorded, several at a time: whoever appends
 * takes everything queued so far into one {@link Commit#deferred deferred} commit (it survives a
 * crash of the process). {@link #mark} returns once its transition is appended, so an IN_PROGRESS
 * mark is on file before the task starts and a task that kills the process is found interrupted.
 * {@link #record} only queues an outcome: the next mark or the syncer thread appends it, together
 * with the others that finished meanwhile. A crash in that short gap runs the node again, as a
 * crash just before its commit would.
 *
 * <p>The syncer appends what is queued and forces everything appended so far, again and again while
 * there is something new, so nodes finishing together share one force and a chain pays at most one
 * force per node. Downstream nodes may start before their upstream's outcome is on disk: a power
 * cut can lose the last outcomes (those nodes run again), but never keeps a downstream outcome
 * without its upstream's, because records are appended in order. {@link #finish} appends and forces
 * what is left before a run reports its result.
 */
final class OutcomeLog implements AutoCloseable {
  private final CheckpointStore store;
  private final Object lock = new Object();
  private final Thread syncer;
  private List<Change> queued = new ArrayList<>();
  private long queuedThrough; // sequence number of the last queued transition
  private long appendedThrough; // ... and of the last appended one
  private boolean appending; // a thread holds the turn to append
  private long turnThrough; // the last transition the turn's holder took
  private boolean unforced; // appended since the syncer's last force
  private boolean closed;
  private RuntimeException failure;

  OutcomeLog(CheckpointStore store) {
    this.store = store;
    this.syncer = new Thread(this::sync, "ratchet-dag-sync");
    syncer.setDaemon(true);
    syncer.start();
  }

  /** Appends a transition (after every one queued before it) and returns once it is appended. */
  void mark(Change change) {
    boolean interrupted = false;
    try {
      List<Change> batch;
      synchronized (lock) {
        throwIfFailed();
        queue(change);
        long mine = queuedThrough;
        while (appending && appendedThrough < mine) {
          // A node's thread is interrupted when the run is cancelled; its transition is still
          // recorded, so it keeps waiting for its turn and gets the flag back afterwards.
          try {
            lock.wait();
          } catch (InterruptedException e) {
            interrupted = true;
          }
          throwIfFailed();
        }
        if (appendedThrough >= mine) {
          return; // appended by the thread that held the turn
        }
        batch = takeTurn();
      }
      append(batch);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Queues an outcome; the syncer or the next {@link #mark} appends it, then it is forced. */
  void record(Change change) {
    synchronized (lock) {
      throwIfFailed();
      queue(change);
      lock.notifyAll();
    }
  }

  private void queue(Change change) {
    queued.add(change);
    queuedThrough++;
  }

  /** Takes the turn to append and everything queued; call holding the lock. */
  private List<Change> takeTurn() {
    appending = true;
    turnThrough = queuedThrough;
    List<Change> batch = queued;
    queued = new ArrayList<>();
    return batch;
  }

  /** Appends a batch taken with {@link #takeTurn} and gives the turn back. */
  private void append(List<Change> batch) {
    long through;
    synchronized (lock) {
      through = turnThrough;
    }
    try {
      store.commit(Commit.deferred(batch));
    } catch (RuntimeException e) {
      synchronized (lock) {
        failure = e;
        appending = false;
        lock.notifyAll();
      }
      throw e;
    }
    synchronized (lock) {
      appendedThrough = through;
      appending = false;
      unforced = true;
      lock.notifyAll();
    }
  }

  private void throwIfFailed() {
    if (failure != null) {
      throw new StoreUnavailableException(
          "checkpoint " + store.location() + " could not be written to disk: " + failure, failure);
    }
  }

  private void sync() {
    try {
      while (true) {
        List<Change> batch = null;
        synchronized (lock) {
          while (!closed && !unforced && (queued.isEmpty() || appending)) {
            lock.wait();
          }
          if (closed) {
            return;
          }
          if (!queued.isEmpty() && !appending) {
            batch = takeTurn();
          }
        }
        if (batch != null) {
          append(batch);
        }
        synchronized (lock) {
          unforced = false;
        }
        store.commit(Commit.of()); // an empty commit forces everything appended before it
      }
    } catch (InterruptedException e) {
      // closed by an interrupt: finish() appends and forces what is left
    } catch (RuntimeException e) {
      synchronized (lock) {
        if (failure == null) {
          failure = e;
        }
        lock.notifyAll();
      }
    }
  }

  /** Stops the syncer, appends what is queued and forces everything; throws if that fails. */
  void finish() {
    close();
    synchronized (lock) {
      if (failure != null) {
        throw failure;
      }
    }
    store.commit(Commit.of());
  }

  /**
   * Stops the syncer and appends what is queued (without a last force). A failure to append is kept
   * for {@link #finish} rather than thrown, since this runs as a run ends, maybe on another error.
   */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    boolean interrupted = false;
    try {
      while (syncer.isAlive()) {
        try {
          syncer.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      List<Change> batch;
      synchronized (lock) {
        while (appending) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (failure != null || queued.isEmpty()) {
          return;
        }
        batch = takeTurn();
      }
      append(batch);
    } catch (RuntimeException e) {
      // append() kept it in failure, which finish() throws
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
