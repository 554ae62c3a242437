package dev.ratchet.internal.metrics;

import dev.ratchet.ItemState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/** The item and store meters of one {@code RatchetMetrics}. */
public final class ItemMeters {
  private final Counter done;
  private final Counter failed;
  private final Counter skipped;
  private final Counter retries;
  private final Counter interrupted;
  private final Timer commit;
  private final Timer fsync;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private volatile Progress last;

  /** The pipeline's progress as last reported. */
  public record Progress(
      long done, long failed, long skipped, OptionalLong total, double itemsPerSecond) {}

  public ItemMeters(MeterRegistry registry, Tags tags) {
    done = finished(registry, tags, "done");
    failed = finished(registry, tags, "failed");
    skipped = finished(registry, tags, "skipped");
    retries =
        Counter.builder("ratchet.items.retries")
            .description("Attempts beyond the first, recorded with finished items")
            .tags(tags)
            .register(registry);
    interrupted =
        Counter.builder("ratchet.items.interrupted")
            .description("Items found IN_PROGRESS when a checkpoint opened (a crash stopped them)")
            .tags(tags)
            .register(registry);
    Gauge.builder("ratchet.items.in.flight", inFlight, Set::size)
        .description("Items committed IN_PROGRESS and not yet finished")
        .tags(tags)
        .register(registry);
    commit =
        Timer.builder("ratchet.commit")
            .description("Time for a checkpoint commit to be acknowledged (durable)")
            .tags(tags)
            .register(registry);
    fsync =
        Timer.builder("ratchet.fsync")
            .description("Time of one fsync of a checkpoint file or directory")
            .tags(tags)
            .register(registry);
    progressGauge(registry, tags, "done", "Items DONE in the checkpoint", p -> p.done());
    progressGauge(registry, tags, "failed", "Items FAILED in the checkpoint", p -> p.failed());
    progressGauge(registry, tags, "skipped", "Items SKIPPED in the checkpoint", p -> p.skipped());
    progressGauge(
        registry,
        tags,
        "total",
        "Items in the input, NaN while unknown",
        p -> p.total().isPresent() ? p.total().getAsLong() : Double.NaN);
    progressGauge(
        registry,
        tags,
        "remaining",
        "Items not yet DONE or SKIPPED, NaN while unknown",
        p -> p.total().isPresent() ? p.total().getAsLong() - p.done() - p.skipped() : Double.NaN);
    progressGauge(
        registry,
        tags,
        "ratio",
        "Share of items DONE or SKIPPED (0 to 1), NaN while unknown",
        p ->
            p.total().isPresent() && p.total().getAsLong() > 0
                ? (double) (p.done() + p.skipped()) / p.total().getAsLong()
                : Double.NaN);
    progressGauge(registry, tags, "rate", "Items per second in this run", p -> p.itemsPerSecond());
  }

  private static Counter finished(MeterRegistry registry, Tags tags, String outcome) {
    return Counter.builder("ratchet.items.finished")
        .description("Items whose final state this process committed")
        .tags(tags.and("outcome", outcome))
        .register(registry);
  }

  private void progressGauge(
      MeterRegistry registry,
      Tags tags,
      String name,
      String description,
      ToDoubleFunction<Progress> value) {
    Gauge.builder(
            "ratchet.progress." + name,
            this,
            m -> m.last == null ? Double.NaN : value.applyAsDouble(m.last))
        .description(description)
        .tags(tags)
        .register(registry);
  }

  public Timer commit() {
    return commit;
  }

  public Timer fsync() {
    return fsync;
  }

  void interrupted(int count) {
    interrupted.increment(count);
  }

  /** Counts one committed item transition. */
  void itemCommitted(String key, ItemState state, int attempts, boolean manual) {
    if (state == ItemState.IN_PROGRESS) {
      inFlight.add(key);
      return;
    }
    inFlight.remove(key);
    if (manual || state == ItemState.PENDING) {
      return;
    }
    switch (state) {
      case DONE -> done.increment();
      case FAILED -> failed.increment();
      case SKIPPED -> skipped.increment();
      default -> {}
    }
    if (attempts > 1) {
      retries.increment(attempts - 1);
    }
  }

  /** Clears the in-flight set when the store closes (its items are no longer running here). */
  void closed() {
    inFlight.clear();
  }

  public void progress(Progress progress) {
    last = progress;
  }
}
