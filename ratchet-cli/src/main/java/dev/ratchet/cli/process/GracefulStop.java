package dev.ratchet.cli.process;

import dev.ratchet.cli.ExitCodes;
import dev.ratchet.cli.internal.StopSignals;
import dev.ratchet.items.RunHandle;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Ctrl-C (SIGINT) or SIGTERM during a run. The first signal starts no new item and gives the items
 * in flight {@code grace} to finish; then their process groups are killed and they stay not done
 * (never FAILED). A second signal kills them at once. The command then commits, prints its summary
 * and exits with {@code 130}. Where signals cannot be handled directly, a shutdown hook does the
 * first part and halts with the command's exit code.
 */
final class GracefulStop implements AutoCloseable {
  private final RunHandle handle;
  private final Duration grace;
  private final PrintStream err;
  private final StopSignals signals;
  private final Thread hook;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile int exitCode = ExitCodes.INTERRUPTED;

  private GracefulStop(RunHandle handle, Duration grace, PrintStream err) {
    this.handle = handle;
    this.grace = grace;
    this.err = err;
    this.signals = StopSignals.install(this::onSignal);
    this.hook = signals.installed() ? null : new Thread(this::onShutdown, "ratchet-graceful-stop");
  }

  static GracefulStop install(RunHandle handle, Duration grace) {
    GracefulStop stop = new GracefulStop(handle, grace, System.err);
    if (stop.hook != null) {
      Runtime.getRuntime().addShutdownHook(stop.hook);
    }
    return stop;
  }

  /** Whether a stop signal arrived. */
  boolean signalled() {
    return signals.received() > 0;
  }

  /** The command is done and has printed its summary; {@code code} is its exit code. */
  void finished(int code) {
    exitCode = code;
    finished.countDown();
  }

  private void onSignal(int count) {
    if (count == 1) {
      err.println(
          "ratchet: stopping: no new items; items in flight get "
              + Limits.text(grace)
              + " to finish, then are killed and left not done. Press Ctrl-C again to stop now.");
      handle.stop(grace);
    } else {
      err.println("ratchet: stopping now: items in flight are killed and left not done.");
      handle.stop(Duration.ZERO);
    }
    err.flush();
  }

  private void onShutdown() {
    handle.stop(grace);
    try {
      finished.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(exitCode);
  }

  @Override
  public void close() {
    finished.countDown();
    signals.close();
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shutdownInProgress) {
        // the hook is running: it ends the process with our exit code
      }
    }
  }
}
