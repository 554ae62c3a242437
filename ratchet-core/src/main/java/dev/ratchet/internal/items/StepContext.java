package dev.ratchet.internal.items;

import dev.ratchet.internal.results.LargeResultWarning;
import dev.ratchet.items.ItemContext;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.Commit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/** The {@link ItemContext} of one attempt: memoized steps are committed as soon as they return. */
final class StepContext implements ItemContext {
  private final String key;
  private final String idempotencyKey;
  private final int attempt;
  private final Map<String, String> steps;
  private final CheckpointStore store;
  private final Attempt running;

  /**
   * @param steps the item's memoized values by step name; shared by the item's attempts, which run
   *     one after another on one thread
   * @param running the attempt, whose interrupts are held back while a step is committed
   */
  StepContext(
      String key,
      String runId,
      int attempt,
      Map<String, String> steps,
      CheckpointStore store,
      Attempt running) {
    this.key = key;
    this.idempotencyKey = runId + ":" + key;
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
    return idempotencyKey;
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
