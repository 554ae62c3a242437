package dev.ratchet.internal.items;

/** How processing one item ended. {@code attempts} counts every attempt, across runs. */
sealed interface Outcome<R> {
  int attempts();

  record Done<R>(R result, int attempts) implements Outcome<R> {}

  record Failed<R>(String error, int attempts) implements Outcome<R> {}

  record Skipped<R>(String reason, int attempts) implements Outcome<R> {}
}
