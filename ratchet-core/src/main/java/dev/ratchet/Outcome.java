package dev.ratchet;

import java.util.Objects;

/**
 * How one unit of work ended: an item of an item pipeline or a node of a DAG. The engines return
 * outcomes as data rather than throwing for expected endings, and callers tell them apart with
 * {@code instanceof}:
 *
 * <pre>{@code
 * if (nodeResult.outcome() instanceof Outcome.Failed<?> failed) {
 *   log.warn("{} failed: {}", nodeResult.node(), failed.error());
 * }
 * }</pre>
 *
 * <p>{@code attempts} counts what the engine that produced the outcome counts: an item's attempts
 * across every run of its checkpoint, a DAG node's attempts in this call.
 *
 * @param <R> the type of a result: the processor's result for items, the stored JSON for nodes
 */
public sealed interface Outcome<R> {

  /** How many attempts were made (0 if it never ran). */
  int attempts();

  /** Whether the work is complete: {@link Done}, now or in an earlier run. */
  default boolean isComplete() {
    return this instanceof Done;
  }

  /**
   * The work succeeded with {@code result}.
   *
   * @param restored whether it completed in an earlier run and its result was restored from the
   *     checkpoint instead of running (DAG nodes); false for work that ran now
   */
  record Done<R>(R result, int attempts, boolean restored) implements Outcome<R> {}

  /** The work failed after its last attempt; a later run tries it again. */
  record Failed<R>(String error, int attempts) implements Outcome<R> {
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }

  /** The work was skipped on purpose, for {@code cause}; {@code reason} says so in words. */
  record Skipped<R>(SkipCause cause, String reason, int attempts) implements Outcome<R> {
    public Skipped {
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A stop came first: the work did not start, or it was interrupted while it ran. It is recorded
   * as not done (never FAILED) and runs again next time.
   *
   * @param killed whether an attempt had started and was interrupted
   */
  record NotDone<R>(boolean killed, int attempts) implements Outcome<R> {
    /** The ending in words. */
    public String reason() {
      return killed
          ? "stopped while running; it runs again on resume"
          : "not started: the run was stopped";
    }
  }
}
