package dev.ratchet.cli.process;

import dev.ratchet.RetryPolicy;
import dev.ratchet.items.ItemContext;
import dev.ratchet.items.ItemPipeline;
import dev.ratchet.items.RunHandle;
import dev.ratchet.items.RunResult;
import dev.ratchet.store.SharedRun;
import java.time.Duration;
import java.util.function.ToIntFunction;

/**
 * The item pipeline of {@code ratchet process}, built once for both places a run can live: a
 * checkpoint directory ({@link ProcessRun}) and a run shared through PostgreSQL or Redis ({@code
 * --store}, {@link #runShared}). Every option that says how items are processed (command, workers,
 * batch size, retries and their backoff, timeout, crash limit, fail-fast, progress, Ctrl-C) is set
 * here, so it means the same in both.
 */
public final class ProcessPipelines {
  private ProcessPipelines() {}

  /**
   * A pipeline builder with every processing option of {@code settings}; where it lives is not set.
   */
  static ItemPipeline.Builder<String, Object> builder(
      ProcessSettings settings, ItemCommand exec, ProgressDisplay display) {
    ItemPipeline.Builder<String, Object> builder =
        ItemPipeline.<String, Object>builder()
            .contextProcessor((item, ctx) -> process(exec, item, ctx))
            .batchSize(settings.batchSize())
            .workers(settings.workers())
            .poisonThreshold(settings.crashLimit())
            .progress(p -> display.checkpointed(ProgressSnapshots.of(p)));
    if (settings.retries() > 0) {
      builder.retry(
          RetryPolicy.attempts(settings.retries() + 1)
              .backoff(Duration.ofMillis(200), Duration.ofSeconds(30))
              .build());
    }
    if (settings.timeout() != null) {
      builder.timeout(settings.timeout());
    }
    if (settings.failFast()) {
      builder.failFast();
    }
    if (settings.simulateCrashAfter() > 0) {
      builder.crashAfter(settings.simulateCrashAfter());
    }
    return builder;
  }

  /**
   * Runs as one worker of a shared run until the run is finished, a stop (Ctrl-C, SIGTERM) or
   * {@code --fail-fast} ends it; {@code finish} prints what happened and returns the exit code.
   */
  public static int runShared(
      SharedRun run,
      Duration lease,
      ProcessSettings settings,
      ProgressDisplay display,
      ToIntFunction<RunResult> finish) {
    try (ItemCommand exec = ItemCommand.of(settings)) {
      ItemPipeline<String, Object> pipeline =
          builder(settings, exec, display).sharedRun(run, lease).build();
      return run(pipeline, settings.stopGrace(), display, finish);
    }
  }

  /**
   * Starts {@code pipeline}; the first Ctrl-C or SIGTERM stops it gracefully (items in flight get
   * {@code grace}). Returns {@code finish}'s exit code for the result.
   */
  static int run(
      ItemPipeline<String, Object> pipeline,
      Duration grace,
      ProgressDisplay display,
      ToIntFunction<RunResult> finish) {
    RunHandle handle = pipeline.start();
    try (GracefulStop stop = GracefulStop.install(handle, grace)) {
      RunResult result;
      try {
        result = await(handle);
      } finally {
        display.finish();
      }
      int code = finish.applyAsInt(result);
      stop.finished(code);
      return code;
    }
  }

  private static Object process(ItemCommand exec, String item, ItemContext ctx) throws Exception {
    if (exec == null) {
      return BuiltinTransform.apply(item);
    }
    return exec.run(item, ctx.idempotencyKey(), ctx.upcoming());
  }

  private static RunResult await(RunHandle handle) {
    while (true) {
      try {
        return handle.await();
      } catch (InterruptedException e) {
        handle.stop();
      }
    }
  }
}
