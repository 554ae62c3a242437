package dev.ratchet.dag;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a node is tried and how long to wait between tries: exponential backoff from {@code
 * initialBackoff}, multiplied by {@code multiplier} after each failure, capped at {@code
 * maxBackoff}, and spread by up to {@code ±jitter} (a fraction, 0 to 1) so that nodes failing
 * together do not retry in lockstep.
 *
 * @param maxAttempts the number of attempts, including the first (1 = no retry)
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    double multiplier,
    Duration maxBackoff,
    double jitter) {

  /** One attempt, no retry. The default. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, 1, Duration.ZERO, 0);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("backoff must not be negative");
    }
    if (multiplier < 1) {
      throw new IllegalArgumentException("multiplier must be >= 1, was " + multiplier);
    }
    if (jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
    }
  }

  /**
   * {@code maxAttempts} attempts with backoff starting at {@code initialBackoff}, doubling, capped
   * at 100 times the initial backoff, with 20% jitter.
   */
  public static RetryPolicy of(int maxAttempts, Duration initialBackoff) {
    return new RetryPolicy(maxAttempts, initialBackoff, 2.0, initialBackoff.multipliedBy(100), 0.2);
  }

  public RetryPolicy withJitter(double fraction) {
    return new RetryPolicy(maxAttempts, initialBackoff, multiplier, maxBackoff, fraction);
  }

  public RetryPolicy withBackoff(Duration initial, double factor, Duration max) {
    return new RetryPolicy(maxAttempts, initial, factor, max, jitter);
  }

  /**
   * The wait before attempt {@code attempt} (2 or more).
   *
   * @param random a uniform random number in [0, 1) choosing the jitter
   */
  public Duration delayBefore(int attempt, double random) {
    if (attempt < 2) {
      return Duration.ZERO;
    }
    double base = initialBackoff.toNanos() * Math.pow(multiplier, attempt - 2);
    double capped = Math.min(base, maxBackoff.toNanos());
    double spread = capped * (1 + jitter * (2 * random - 1));
    return Duration.ofNanos((long) Math.max(0, spread));
  }
}
