package dev.ratchet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy =
      RetryPolicy.attempts(5)
          .backoff(Duration.ofMillis(100), Duration.ofMillis(500))
          .multiplier(2.0)
          .jitter(0.5)
          .retryOn(IOException.class)
          .build();

  @Test
  void backoffGrowsExponentiallyUpToTheCap() {
    assertThat(policy.delayAfter(1, 0.0)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.delayAfter(2, 0.0)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.delayAfter(3, 0.0)).isEqualTo(Duration.ofMillis(400));
    assertThat(policy.delayAfter(4, 0.0)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void jitterShortensAWaitByAtMostItsFraction() {
    assertThat(policy.delayAfter(2, 1.0)).isEqualTo(Duration.ofMillis(100));
    for (int i = 0; i < 100; i++) {
      assertThat(policy.delayAfter(2)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    }
  }

  @Test
  void onlyListedFailuresAreRetriedAndOnlyWhileAttemptsRemain() {
    assertThat(policy.shouldRetry(new IOException("x"), 1)).isTrue();
    assertThat(policy.shouldRetry(new IOException("x"), 4)).isTrue();
    assertThat(policy.shouldRetry(new IOException("x"), 5)).isFalse();
    assertThat(policy.shouldRetry(new IllegalStateException("x"), 1)).isFalse();
    assertThat(RetryPolicy.none().shouldRetry(new IOException("x"), 1)).isFalse();
  }

  @Test
  void ofDoublesFromTheInitialDelayUpToAHundredTimesIt() {
    RetryPolicy simple = RetryPolicy.of(3, Duration.ofMillis(10));
    assertThat(simple.maxAttempts()).isEqualTo(3);
    assertThat(simple.delayAfter(1, 0.0)).isEqualTo(Duration.ofMillis(10));
    assertThat(simple.delayAfter(2, 0.0)).isEqualTo(Duration.ofMillis(20));
    assertThat(simple.delayAfter(20, 0.0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(simple.shouldRetry(new IllegalStateException("x"), 2)).isTrue();
    assertThat(simple.shouldRetry(new IllegalStateException("x"), 3)).isFalse();
  }
}
