package dev.ratchet.cli.process;

import dev.ratchet.cli.ExitCodes;
import dev.ratchet.items.RunHandle;
import java.util.concurrent.CountDownLatch;

/**
 * Ctrl-C (SIGINT) or SIGTERM during a run: asks the run to stop gracefully (finish and commit the
 * batch in flight), lets the command print its summary, then ends the process with the command's
 * exit code ({@code 130} for a stopped run). Only the JVM's shutdown sequence sees these signals,
 * so this is a shutdown hook; it halts because {@code System.exit} cannot run during shutdown.
 */
final class GracefulStop implements AutoCloseable {
  private final RunHandle handle;
  private final Thread hook;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile int exitCode = ExitCodes.INTERRUPTED;

  private GracefulStop(RunHandle handle) {
    this.handle = handle;
    this.hook = new Thread(this::onShutdown, "ratchet-graceful-stop");
  }

  static GracefulStop install(RunHandle handle) {
    GracefulStop stop = new GracefulStop(handle);
    Runtime.getRuntime().addShutdownHook(stop.hook);
    return stop;
  }

  /** The command is done and has printed its summary; {@code code} is its exit code. */
  void finished(int code) {
    exitCode = code;
    finished.countDown();
  }

  private void onShutdown() {
    handle.stop();
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
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shutdownInProgress) {
      // the hook is running: it ends the process with our exit code
    }
  }
}
