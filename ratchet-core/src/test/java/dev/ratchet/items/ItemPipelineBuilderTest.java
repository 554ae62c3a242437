package dev.ratchet.items;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.RetryPolicy;
import dev.ratchet.store.FileStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemPipelineBuilderTest {
  @TempDir Path dir;

  private ItemPipeline.Builder<String, String> builder() {
    return ItemPipeline.<String, String>builder();
  }

  @Test
  void batchSizeMustBePositive() {
    assertThatThrownBy(() -> builder().batchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batchSize must be > 0, was 0");
    assertThatThrownBy(() -> builder().batchSize(-5)).hasMessage("batchSize must be > 0, was -5");
  }

  @Test
  void parallelismMustBePositive() {
    assertThatThrownBy(() -> builder().workers(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workers (parallelism) must be > 0, was 0");
  }

  @Test
  void poisonThresholdAndCrashHookMustBePositive() {
    assertThatThrownBy(() -> builder().poisonThreshold(0))
        .hasMessage("poisonThreshold must be > 0, was 0");
    assertThatThrownBy(() -> builder().crashAfter(0)).hasMessage("crashAfter must be > 0, was 0");
  }

  @Test
  void anOptionSetTwiceIsRefused() {
    assertThatThrownBy(() -> builder().batchSize(10).batchSize(20))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("batchSize was already set to 10");
  }

  @Test
  void missingPartsAreNamed() {
    assertThatThrownBy(() -> builder().build()).hasMessageContaining("no source");
    assertThatThrownBy(() -> builder().source(Sources.lines(dir.resolve("in"))).build())
        .hasMessageContaining("no processor");
    assertThatThrownBy(
            () -> builder().source(Sources.lines(dir.resolve("in"))).processor(s -> s).build())
        .hasMessageContaining("no checkpoint: call checkpoint(directory)");
  }

  @Test
  void freshNeedsAStoreThatCanBeRecreated() {
    assertThatThrownBy(
            () ->
                builder()
                    .source(Sources.of(List.of("a"), s -> s))
                    .processor(s -> s)
                    .store(FileStore.at(dir.resolve("ckpt")))
                    .fresh()
                    .build())
        .hasMessageContaining("fresh() deletes the checkpoint");
  }

  @Test
  void retryPolicyValuesAreChecked() {
    assertThatThrownBy(() -> RetryPolicy.attempts(0)).hasMessage("maxAttempts must be > 0, was 0");
    assertThatThrownBy(() -> RetryPolicy.attempts(3).jitter(1.5))
        .hasMessage("jitter must be between 0 and 1, was 1.5");
    assertThatThrownBy(() -> RetryPolicy.attempts(3).multiplier(0.5))
        .hasMessage("multiplier must be >= 1.0, was 0.5");
    assertThatThrownBy(
            () -> RetryPolicy.attempts(3).backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessage("max delay must be >= initial delay PT2S, was PT1S");
  }
}
