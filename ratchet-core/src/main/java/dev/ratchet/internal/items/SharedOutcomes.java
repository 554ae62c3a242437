package dev.ratchet.internal.items;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.ItemState;
import dev.ratchet.Outcome;
import dev.ratchet.items.SourceItem;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.CooperativeWorker;
import dev.ratchet.store.ItemOutcome;
import dev.ratchet.store.ItemRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Translates between a shared run and the batch processor: a claimed item becomes a {@link
 * WorkItem} (with the attempts, interruptions and sub-steps the server holds), an item's {@link
 * Outcome} becomes the {@link ItemOutcome} a worker completes with (results as JSON text).
 */
final class SharedOutcomes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SharedOutcomes() {}

  /** The claimed items as work for the batch processor; their values are their text. */
  @SuppressWarnings("unchecked")
  static <I> List<WorkItem<I>> work(List<ClaimedItem> claimed, CooperativeWorker worker) {
    List<WorkItem<I>> work = new ArrayList<>(claimed.size());
    for (ClaimedItem c : claimed) {
      ItemRecord previous =
          new ItemRecord(
              c.key(),
              ItemState.IN_PROGRESS,
              Math.max(0, c.attempts() - 1),
              c.interruptions(),
              null,
              null,
              false,
              Map.of());
      // A shared run holds its items as text: the pipeline's items are strings.
      SourceItem<I> item = new SourceItem<>(c.key(), (I) c.input(), c.ordinal(), null);
      Supplier<Map<String, String>> steps = worker.storesSteps() ? () -> worker.steps(c) : null;
      work.add(new WorkItem<>(item, previous, c, steps));
    }
    return work;
  }

  /** What a worker completes {@code item} with. */
  static ItemOutcome of(ClaimedItem item, Outcome<?> outcome) {
    if (outcome instanceof Outcome.Done<?> done) {
      try {
        return new ItemOutcome.Done(item, JSON.writeValueAsString(done.result()));
      } catch (JsonProcessingException e) {
        return new ItemOutcome.Failed(item, "result is not serializable: " + e.getMessage());
      }
    }
    if (outcome instanceof Outcome.Failed<?> failed) {
      return new ItemOutcome.Failed(item, failed.error());
    }
    if (outcome instanceof Outcome.Skipped<?> skipped) {
      return new ItemOutcome.Skipped(item, skipped.reason());
    }
    return new ItemOutcome.Released(item);
  }

  /** A stored result as the sink receives it: read back from JSON (maps, lists, strings, …). */
  static Object result(String json) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readValue(json, Object.class);
    } catch (IOException e) {
      throw new UncheckedIOException("a stored result is not JSON: " + e.getMessage(), e);
    }
  }
}
