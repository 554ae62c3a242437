package dev.ratchet.internal.items;

import dev.ratchet.internal.results.SubSteps;
import dev.ratchet.items.ItemContext;
import dev.ratchet.store.CheckpointStore;
import java.util.concurrent.Callable;

/**
 * The {@link ItemContext} of one attempt: memoized steps are committed as soon as they return. Made
 * for every item, so it allocates nothing more until a processor asks for something.
 */
final class StepContext implements ItemContext {
  private final String key;
  private final String runId;
  private final int attempt;
  private final SubSteps steps;
  private final CheckpointStore store;
  private final Attempt running;

  /**
   * @param running the attempt, whose interrupts are held back while a step is committed
   */
  StepContext(
      String key,
      String runId,
      int attempt,
      SubSteps steps,
      CheckpointStore store,
      Attempt running) {
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
    return steps.step(name, type, body, commit -> running.shielded(() -> store.commit(commit)));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T step(String name, Callable<T> body) throws Exception {
    return (T) step(name, Object.class, body);
  }
}
