package dev.ratchet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * How often one unit of work is tried within one run, and how long to wait in between; the same
 * policy serves items ({@code ItemPipeline.Builder.retry}) and DAG nodes ({@code
 * CheckpointExecutor.Builder.retry}). Waits grow exponentially ({@code initialDelay ×
 * multiplier^(n-1)}, capped at {@code maxDelay}) with a random jitter that shortens each wait by up
 * to {@code jitter} of it, so that units failing together do not retry in lockstep. Only failures
 * that {@code retryOn} accepts are retried (default: every {@link Exception}).
 *
 * <p>Immutable and thread-safe; one policy may be shared by any number of pipelines and executors.
 * A retry happens within the run; a unit that failed its last attempt is FAILED and a later run
 * (resume) tries it again from its first attempt's count on.
 */
public final class RetryPolicy {
  private static final RetryPolicy NONE =
      new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0, 0.0, e -> false);

  private final int maxAttempts;
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final double multiplier;
  private final double jitter;
  private final Predicate<Throwable> retryOn;

  private RetryPolicy(
      int maxAttempts,
      Duration initialDelay,
      Duration maxDelay,
      double multiplier,
      double jitter,
      Predicate<Throwable> retryOn) {
    this.maxAttempts = maxAttempts;
    this.initialDelay = initialDelay;
    this.maxDelay = maxDelay;
    this.multiplier = multiplier;
    this.jitter = jitter;
    this.retryOn = retryOn;
  }

  /** One attempt, no retries. The default. */
  public static RetryPolicy none() {
    return NONE;
  }

  /** Starts a policy of {@code maxAttempts} attempts in total (1 means no retry). */
  public static Builder attempts(int maxAttempts) {
    return new Builder(maxAttempts);
  }

  /**
   * {@code maxAttempts} attempts, waiting {@code initialDelay} before the second and doubling up to
   * 100 times {@code initialDelay}, with the default jitter; retries every {@link Exception}.
   */
  public static RetryPolicy of(int maxAttempts, Duration initialDelay) {
    Objects.requireNonNull(initialDelay, "initialDelay");
    return attempts(maxAttempts).backoff(initialDelay, initialDelay.multipliedBy(100)).build();
  }

  /** The number of attempts, including the first (1 means no retry). */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Whether a failure of attempt {@code attempt} (counting from 1) is tried again. */
  public boolean shouldRetry(Throwable failure, int attempt) {
    return attempt < maxAttempts && retryOn.test(failure);
  }

  /** The wait before attempt {@code attempt + 1}, with jitter drawn from {@code random01}. */
  public Duration delayAfter(int attempt, double random01) {
    double base = initialDelay.toNanos() * Math.pow(multiplier, attempt - 1);
    double capped = Math.min(base, maxDelay.toNanos());
    return Duration.ofNanos((long) (capped * (1.0 - jitter * random01)));
  }

  /** The wait before attempt {@code attempt + 1}, with fresh jitter. */
  public Duration delayAfter(int attempt) {
    return delayAfter(attempt, ThreadLocalRandom.current().nextDouble());
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts="
        + maxAttempts
        + ", initialDelay="
        + initialDelay
        + ", maxDelay="
        + maxDelay
        + ", multiplier="
        + multiplier
        + ", jitter="
        + jitter
        + "]";
  }

  /** Builds a {@link RetryPolicy}; validates each value as it is given. */
  public static final class Builder {
    private final int maxAttempts;
    private Duration initialDelay = Duration.ofMillis(100);
    private Duration maxDelay = Duration.ofSeconds(30);
    private double multiplier = 2.0;
    private double jitter = 0.5;
    private Predicate<Throwable> retryOn = e -> e instanceof Exception;

    private Builder(int maxAttempts) {
      if (maxAttempts <= 0) {
        throw new IllegalArgumentException("maxAttempts must be > 0, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
    }

    /** The first wait (default 100 ms) and the longest (default 30 s). */
    public Builder backoff(Duration initial, Duration max) {
      Objects.requireNonNull(initial, "initial");
      Objects.requireNonNull(max, "max");
      if (initial.isNegative()) {
        throw new IllegalArgumentException("initial delay must be >= 0, was " + initial);
      }
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            "max delay must be >= initial delay " + initial + ", was " + max);
      }
      this.initialDelay = initial;
      this.maxDelay = max;
      return this;
    }

    /** How much each wait grows (default 2.0). */
    public Builder multiplier(double multiplier) {
      if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException("multiplier must be >= 1.0, was " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    /** The largest fraction by which a wait is randomly shortened, 0 to 1 (default 0.5). */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0.0 && jitter <= 1.0)) {
        throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /** Retries only failures of these types (default: every {@link Exception}). */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read
    public final Builder retryOn(Class<? extends Throwable>... types) {
      List<Class<? extends Throwable>> list = copy(types);
      if (list.isEmpty()) {
        throw new IllegalArgumentException("retryOn needs at least one exception type");
      }
      this.retryOn = e -> list.stream().anyMatch(t -> t.isInstance(e));
      return this;
    }

    /** Retries only failures that {@code test} accepts. */
    public Builder retryIf(Predicate<Throwable> test) {
      this.retryOn = Objects.requireNonNull(test, "test");
      return this;
    }

    public RetryPolicy build() {
      return new RetryPolicy(maxAttempts, initialDelay, maxDelay, multiplier, jitter, retryOn);
    }
  }

  private static List<Class<? extends Throwable>> copy(Class<? extends Throwable>[] types) {
    List<Class<? extends Throwable>> list = new ArrayList<>(types.length);
    for (Class<? extends Throwable> type : types) {
      list.add(Objects.requireNonNull(type, "exception type"));
    }
    return List.copyOf(list);
  }
}
