package dev.ratchet.internal.items;

/** How processing one item ended. {@code attempts} counts every attempt, across runs. */
sealed interface Outcome<R> {
  int attempts();

  record Done<R>(R result, int attempts) implements Outcome<R> {}

  record Failed<R>(String error, int attempts) implements Outcome<R> {}

  record Skipped<R>(String reason, int attempts) implements Outcome<R> {}

  /**
   * A stop came first: the item did not start, or it was interrupted after the grace period. It is
   * recorded as not done (never FAILED) and runs again next time.
   *
   * @param killed whether an attempt had started and was interrupted
   */
  record NotDone<R>(boolean killed, int attempts) implements Outcome<R> {}
}
