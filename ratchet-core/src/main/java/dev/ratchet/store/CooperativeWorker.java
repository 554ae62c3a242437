package dev.ratchet.store;

import java.util.List;

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

  /** Leaves the run; items still claimed return to the others. */
  @Override
  void close();
}
