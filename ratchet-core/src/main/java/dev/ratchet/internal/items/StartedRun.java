package dev.ratchet.internal.items;

import dev.ratchet.items.RunHandle;
import dev.ratchet.items.RunResult;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/** A run on its own thread, stoppable gracefully. */
public final class StartedRun implements RunHandle {
  private final InFlight inFlight = new InFlight();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile RunResult result;
  private volatile Throwable failure;

  private StartedRun() {}

  /** Runs on the calling thread: on the shared run if there is one, else on the local store. */
  public static <I, R> RunResult runHere(PipelineConfig<I, R> config) {
    return runner(config, new InFlight()).get();
  }

  private static <I, R> Supplier<RunResult> runner(PipelineConfig<I, R> config, InFlight inFlight) {
    return config.shared() != null
        ? new SharedRunRunner<>(config, inFlight)::run
        : new PipelineRunner<>(config, inFlight)::run;
  }

  public static <I, R> StartedRun start(PipelineConfig<I, R> config) {
    StartedRun run = new StartedRun();
    Supplier<RunResult> runner = runner(config, run.inFlight);
    Thread thread =
        new Thread(
            () -> {
              try {
                run.result = runner.get();
              } catch (Throwable t) {
                run.failure = t;
              } finally {
                run.finished.countDown();
              }
            },
            "ratchet-run");
    thread.start();
    return run;
  }

  @Override
  public void stop() {
    inFlight.stop(null);
  }

  @Override
  public void stop(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    inFlight.stop(grace.isNegative() ? Duration.ZERO : grace);
  }

  @Override
  public RunResult await() throws InterruptedException {
    finished.await();
    Throwable t = failure;
    if (t instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (t instanceof Error error) {
      throw error;
    }
    if (t != null) {
      throw new IllegalStateException(t);
    }
    return result;
  }

  @Override
  public boolean isDone() {
    return finished.getCount() == 0;
  }
}
