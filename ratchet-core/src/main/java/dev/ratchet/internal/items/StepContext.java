package dev.ratchet.internal.items;

import dev.ratchet.internal.results.SubSteps;
import dev.ratchet.items.ItemContext;
import dev.ratchet.store.Commit;
import java.util.AbstractList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The {@link ItemContext} of one attempt: memoized steps are committed as soon as they return. Made
 * for every item, so it allocates nothing more until a processor asks for something.
 */
final class StepContext implements ItemContext {
  private final WorkItem<?> work;
  private final String runId;
  private final int attempt;
  private final Consumer<Commit> commits;

  /** The item's sub-steps, shared by its attempts: made when the first step is taken. */
  private SubSteps steps;

  private final Attempt running;
  private List<? extends WorkItem<?>> batch = List.of();
  private int next;

  /**
   * @param before the context of the item's attempt before this one, or null: its sub-steps carry
   *     over
   * @param commits commits a step's value durably (the store's commit, or the shared run's)
   * @param running the attempt, whose interrupts are held back while a step is committed
   */
  StepContext(
      WorkItem<?> work,
      String runId,
      int attempt,
      StepContext before,
      Consumer<Commit> commits,
      Attempt running) {
    this.work = work;
    this.runId = runId;
    this.attempt = attempt;
    this.steps = before == null ? null : before.steps;
    this.commits = commits;
    this.running = running;
  }

  /** Sets the batch this item belongs to and the index of the item after it. */
  StepContext upcoming(List<? extends WorkItem<?>> batch, int next) {
    this.batch = batch;
    this.next = next;
    return this;
  }

  @Override
  public List<?> upcoming() {
    List<? extends WorkItem<?>> after = batch.subList(Math.min(next, batch.size()), batch.size());
    return new AbstractList<Object>() {
      @Override
      public Object get(int index) {
        return after.get(index).value();
      }

      @Override
      public int size() {
        return after.size();
      }
    };
  }

  @Override
  public String key() {
    return work.key();
  }

  @Override
  public String idempotencyKey() {
    return runId + ":" + work.key();
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public <T> T step(String name, Class<T> type, Callable<? extends T> body) throws Exception {
    if (steps == null) {
      steps = new SubSteps(work.key(), work::steps);
    }
    return steps.step(name, type, body, commit -> running.shielded(() -> commits.accept(commit)));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T step(String name, Callable<T> body) throws Exception {
    return (T) step(name, Object.class, body);
  }
}
