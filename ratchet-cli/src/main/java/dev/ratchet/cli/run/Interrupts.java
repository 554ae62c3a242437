package dev.ratchet.cli.run;

import dev.ratchet.cli.internal.StopSignals;
import dev.ratchet.cli.process.Limits;
import dev.ratchet.dag.CheckpointExecutor;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Ctrl-C or SIGTERM during {@code ratchet run}. The first signal starts no new step and gives the
 * running steps the grace ({@code --stop-grace}, 10 s by default) to finish; then their process
 * groups are killed and they are recorded as not done (never FAILED), so the next run does them
 * again. A second signal kills them at once. The command then prints its summary and exits with
 * 130. Where signals cannot be handled directly, a shutdown hook cancels the running steps as
 * before.
 */
final class Interrupts implements AutoCloseable {
  private final StopSignals signals;
  private final Thread hook;
  private final Object done = new Object();
  private boolean closed;

  private Interrupts(CheckpointExecutor executor, Duration grace, PrintStream err) {
    this.signals =
        StopSignals.install(
            count -> {
              if (count == 1) {
                err.println(
                    "ratchet: stopping: no new steps; running steps get "
                        + Limits.text(grace)
                        + " to finish, then are killed and left not done. Press Ctrl-C again to"
                        + " stop now.");
                executor.stop(grace);
              } else {
                err.println("ratchet: stopping now: running steps are killed and left not done.");
                executor.stop(Duration.ZERO);
              }
              err.flush();
            });
    this.hook =
        signals.installed()
            ? null
            : new Thread(
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

  static Interrupts cancelOnSignal(CheckpointExecutor executor, Duration grace) {
    Interrupts interrupts = new Interrupts(executor, grace, System.err);
    if (interrupts.hook != null) {
      Runtime.getRuntime().addShutdownHook(interrupts.hook);
    }
    return interrupts;
  }

  /** Whether a stop signal arrived. */
  boolean signalled() {
    return signals.received() > 0;
  }

  @Override
  public void close() {
    signals.close();
    synchronized (done) {
      closed = true;
      done.notifyAll();
    }
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it sees closed and returns
      }
    }
  }
}
