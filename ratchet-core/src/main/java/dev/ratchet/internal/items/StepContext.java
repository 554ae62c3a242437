package dev.ratchet.internal.items;

import dev.ratchet.internal.results.LargeResultWarning;
import dev.ratchet.items.ItemContext;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.Commit;
import dev.ratchet.store.ItemRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The {@link ItemContext} of one attempt: memoized steps are committed as soon as they return. Made
 * for every item, so it allocates nothing more until a processor asks for something.
 */
final class StepContext implements ItemContext {
  private final String key;
  private final String runId;
  private final int attempt;
  private final Memo steps;
  private final CheckpointStore store;
  private final Attempt running;

  /**
   * An item's memoized step values by step name, from the checkpoint and from earlier attempts;
   * shared by the item's attempts, which run one after another on one thread.
   */
  static final class Memo {
    private final ItemRecord previous;
    private Map<String, String> steps;

    Memo(ItemRecord previous) {
      this.previous = previous;
    }

    String get(String name) {
      Map<String, String> known =
          steps != null ? steps : previous == null ? null : previous.steps();
      return known == null ? null : known.get(name);
    }

    void put(String name, String json) {
      if (steps == null) {
        steps = new HashMap<>(previous == null ? Map.of() : previous.steps());
      }
      steps.put(name, json);
    }
  }

  /**
   * @param running the attempt, whose interrupts are held back while a step is committed
   */
  StepContext(
      String key, String runId, int attempt, Memo steps, CheckpointStore store, Attempt running) {
    this.key = key;
    this.runId = runId;
    this.attempt = attempt;
    this.steps = steps;
    this.store = store;
    this.running = running;
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public String idempotencyKey() {
    return runId + ":" + key;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public <T> T step(String name, Class<T> type, Callable<? extends T> body) throws Exception {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(body, "body");
    String json = steps.get(name);
    if (json == null) {
      json = Json.MAPPER.writeValueAsString(body.call());
      LargeResultWarning.check("step", key + "/" + name, json);
      Commit commit = new Commit(List.of(new Change.Step(key, name, json)), false);
      running.shielded(() -> store.commit(commit));
      steps.put(name, json);
    }
    return Json.MAPPER.readValue(json, type);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T step(String name, Callable<T> body) throws Exception {
    return (T) step(name, Object.class, body);
  }
}
