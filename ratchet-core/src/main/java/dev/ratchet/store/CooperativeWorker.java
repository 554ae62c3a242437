package dev.ratchet.store;

import java.util.List;
import java.util.Map;

/**
 * One worker's membership in a run that many processes share (PostgreSQL, Redis): it claims batches
 * under a lease and completes them with fencing, so an outcome from a worker whose lease was taken
 * over is refused rather than written.
 */
public interface CooperativeWorker extends AutoCloseable {
  String workerId();

  /** Claims up to {@code max} items, or says the run is finished or others hold what is left. */
  ClaimResult claim(int max);

  /** Commits outcomes of claimed items; outcomes whose claim was taken over come back fenced. */
  CompleteResult complete(List<? extends ItemOutcome> outcomes);

  /**
   * Whether this worker stores the values of an item's sub-steps ({@link
   * dev.ratchet.items.ItemContext#step}) in the server, so that a worker that takes the item over
   * after a crash resumes after the last one. Without it (the default) a sub-step's value lives as
   * long as this worker's attempts of the item: retries skip it, a takeover runs it again.
   */
  default boolean storesSteps() {
    return false;
  }

  /** The stored sub-step values (JSON text) of a claimed item, by step name. Default: none. */
  default Map<String, String> steps(ClaimedItem item) {
    return Map.of();
  }

  /**
   * Stores the value (JSON text) of sub-step {@code step} of a claimed item durably, fenced by the
   * claim as {@link #complete} is. Returns false when the claim was taken over (nothing stored).
   * Only called when {@link #storesSteps()}.
   */
  default boolean saveStep(ClaimedItem item, String step, String value) {
    throw new UnsupportedOperationException("this worker does not store sub-steps");
  }

  /** Leaves the run; items still claimed return to the others. */
  @Override
  void close();
}
