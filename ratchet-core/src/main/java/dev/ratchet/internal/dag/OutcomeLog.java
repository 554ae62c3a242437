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
 * <p>Transitions are appended as they happen, in the order they are recorded, as {@link
 * Commit#deferred deferred} commits (an append survives a crash of the process). One thread at a
 * time appends: it takes everything queued so far into one commit and keeps going until nothing is
 * queued, so transitions recorded while an append is under way share the next one (and its
 * encoding). {@link #mark} returns once its transition is appended, so an IN_PROGRESS mark is on
 * file before the task starts and a task that kills the process is found interrupted. {@link
 * #record} does not wait for an append under way: that append's thread appends the outcome next.
 *
 * <p>A syncer thread forces everything appended so far, again and again while there is something
 * new, so nodes finishing together share one force and a chain pays at most one force per node.
 * Downstream nodes may start before their upstream's outcome is on disk: a power cut can lose the
 * last outcomes (those nodes run again), but never keeps a downstream outcome without its
 * upstream's, because records are appended in order. {@link #finish} forces what is left before a
 * run reports its result.
 */
final class OutcomeLog implements AutoCloseable {
  private final CheckpointStore store;
  private final Object lock = new Object();
  private final Thread syncer;
  private List<Change> queued = new ArrayList<>();
  private long queuedThrough; // sequence number of the last queued transition
  private long appendedThrough; // ... and of the last appended one
  private boolean appending; // a thread holds the turn to append
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
      synchronized (lock) {
        throwIfFailed();
        queue(change);
        long mine = queuedThrough;
        while (appending && appendedThrough < mine) {
          // A node's thread is interrupted when the run is cancelled; its transition is still
          // recorded, so it keeps waiting and gets the flag back afterwards.
          try {
            lock.wait();
          } catch (InterruptedException e) {
            interrupted = true;
          }
          throwIfFailed();
        }
        if (appendedThrough >= mine) {
          return;
        }
        appending = true;
      }
      appendQueued();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Appends an outcome, or leaves it to the append under way, whose thread appends it next. */
  void record(Change change) {
    synchronized (lock) {
      throwIfFailed();
      queue(change);
      if (appending) {
        return;
      }
      appending = true;
    }
    appendQueued();
  }

  private void queue(Change change) {
    queued.add(change);
    queuedThrough++;
  }

  /** Holding the turn, appends what is queued until nothing is, then gives the turn back. */
  private void appendQueued() {
    while (true) {
      List<Change> batch;
      long through;
      synchronized (lock) {
        if (queued.isEmpty()) {
          appending = false;
          lock.notifyAll();
          return;
        }
        batch = queued;
        queued = new ArrayList<>();
        through = queuedThrough;
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
        unforced = true;
        lock.notifyAll();
      }
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
        synchronized (lock) {
          while (!closed && !unforced) {
            lock.wait();
          }
          if (closed) {
            return;
          }
          unforced = false;
        }
        store.commit(Commit.of()); // an empty commit forces everything appended before it
      }
    } catch (InterruptedException e) {
      // closed by an interrupt: finish() forces what is left
    } catch (RuntimeException e) {
      synchronized (lock) {
        if (failure == null) {
          failure = e;
        }
        lock.notifyAll();
      }
    }
  }

  /** Stops the syncer and forces everything appended; throws if that fails. */
  void finish() {
    close();
    boolean interrupted = false;
    synchronized (lock) {
      while (appending && failure == null) { // a node still appending what others queued
        try {
          lock.wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
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
