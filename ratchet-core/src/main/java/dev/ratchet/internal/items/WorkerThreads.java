package dev.ratchet.internal.items;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A run's worker threads: {@code workers - 1} daemon threads named {@code ratchet-worker-N} and the
 * calling thread, each running the same loop, joined before the run goes on.
 */
final class WorkerThreads {
  private WorkerThreads() {}

  /**
   * Runs {@code work} on {@code workers} threads, the calling one included, and waits for them all.
   * An interrupt while waiting goes to {@code interrupted} (which should make the workers end) and
   * is reported by the return value; the caller restores the thread's interrupt status.
   *
   * @return whether the calling thread was interrupted while it waited
   */
  static boolean run(int workers, Runnable work, Consumer<InterruptedException> interrupted) {
    List<Thread> threads = new ArrayList<>();
    for (int i = 2; i <= workers; i++) {
      Thread thread = new Thread(work, "ratchet-worker-" + i);
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
    work.run();
    boolean wasInterrupted = false;
    for (Thread thread : threads) {
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          wasInterrupted = true;
          interrupted.accept(e);
        }
      }
    }
    return wasInterrupted;
  }
}
