package dev.ratchet.items;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/** Ready-made {@link ItemSink}s. */
public final class Sinks {
  private Sinks() {}

  /**
   * A JSON-lines file with exactly-once output: one record {@code {"key":…,"input":…,"result":…}}
   * per DONE item, in input order. See {@link JsonLinesSink}.
   */
  public static JsonLinesSink jsonLines(Path file) {
    return JsonLinesSink.to(Objects.requireNonNull(file, "file"));
  }

  /**
   * Calls {@code consumer} for each DONE item, in input order, from the run's thread, before the
   * batch is committed. Delivery is at-least-once: after a crash the items of the uncommitted batch
   * are delivered again, so the consumer should be idempotent (use the key).
   */
  public static <I, R> ItemSink<I, R> callback(Consumer<? super ItemOutput<I, R>> consumer) {
    Objects.requireNonNull(consumer, "consumer");
    return committed ->
        new ItemSink.Writer<>() {
          @Override
          public Map<String, Long> write(List<ItemOutput<I, R>> outputs) {
            outputs.forEach(consumer);
            return Map.of();
          }

          @Override
          public void close() {}
        };
  }

  private static final ItemSink<Object, Object> NONE = callback(o -> {});

  /** Drops results. The default when no sink is set; always the same instance. */
  @SuppressWarnings("unchecked")
  public static <I, R> ItemSink<I, R> none() {
    // It never looks at an output, so one instance serves every type.
    return (ItemSink<I, R>) NONE;
  }
}
