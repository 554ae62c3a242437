package dev.ratchet.cli.run;

import dev.ratchet.dag.CheckpointExecutor;

/**
 * Cancels a run on Ctrl-C or SIGTERM: running steps are stopped and recorded as failed, so the next
 * run resumes them. Removes its shutdown hook when closed.
 */
final class Interrupts implements AutoCloseable {
  private final Thread hook;
  private final Object done = new Object();
  private boolean closed;

  private Interrupts(CheckpointExecutor executor) {
    this.hook =
        new Thread(
            () -> {
              executor.cancel();
              synchronized (done) {
                long deadline = System.currentTimeMillis() + 10_000;
                while (!closed && System.currentTimeMillis() < deadline) {
                  try {
                    done.wait(100);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              }
            },
            "ratchet-run-interrupt");
  }

  static Interrupts cancelOnSignal(CheckpointExecutor executor) {
    Interrupts interrupts = new Interrupts(executor);
    Runtime.getRuntime().addShutdownHook(interrupts.hook);
    return interrupts;
  }

  @Override
  public void close() {
    synchronized (done) {
      closed = true;
      done.notifyAll();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: it sees closed and returns
    }
  }
}
