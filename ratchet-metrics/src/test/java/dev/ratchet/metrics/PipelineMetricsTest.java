package dev.ratchet.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.RetryPolicy;
import dev.ratchet.items.ItemPipeline;
import dev.ratchet.items.RunResult;
import dev.ratchet.items.SkipPolicy;
import dev.ratchet.items.Sources;
import dev.ratchet.store.FileStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineMetricsTest {
  @TempDir Path dir;

  /** 20 lines: every 5th fails for good (twice each), line "9" is skipped, the rest are DONE. */
  @Test
  void itemRunWithKnownOutcomesIsCounted() throws Exception {
    Path input = dir.resolve("input.txt");
    List<String> lines = new ArrayList<>();
    IntStream.range(0, 20).forEach(i -> lines.add("line-" + i));
    Files.write(input, lines);
    MeterRegistry registry = new SimpleMeterRegistry();
    RatchetMetrics metrics = new RatchetMetrics("import");
    metrics.bindTo(registry);

    RunResult result =
        ItemPipeline.<String, Integer>builder()
            .source(Sources.lines(input))
            .processor(
                line -> {
                  int n = Integer.parseInt(line.substring(5));
                  if (n == 9) {
                    throw new UnsupportedOperationException("skip me");
                  }
                  if (n % 5 == 4) {
                    throw new IllegalStateException("broken line " + n);
                  }
                  return n;
                })
            .store(metrics.store(metrics.fileStore(FileStore.builder(dir.resolve("ckpt"))).build()))
            .progress(metrics.progressListener())
            .retry(RetryPolicy.attempts(2).backoff(Duration.ZERO, Duration.ZERO).build())
            .skip(SkipPolicy.on(UnsupportedOperationException.class))
            .batchSize(4)
            .build()
            .run();

    assertThat(result.counts().done()).isEqualTo(16);
    assertThat(result.counts().failed()).isEqualTo(3);
    assertThat(result.counts().skipped()).isEqualTo(1);
    assertThat(counter(registry, "ratchet.items.finished", "done")).isEqualTo(16);
    assertThat(counter(registry, "ratchet.items.finished", "failed")).isEqualTo(3);
    assertThat(counter(registry, "ratchet.items.finished", "skipped")).isEqualTo(1);
    assertThat(registry.get("ratchet.items.retries").counter().count()).isEqualTo(4);
    assertThat(registry.get("ratchet.items.in.flight").gauge().value()).isZero();
    assertThat(registry.get("ratchet.items.interrupted").counter().count()).isZero();
    assertThat(registry.get("ratchet.commit").timer().count()).isGreaterThanOrEqualTo(5);
    assertThat(registry.get("ratchet.fsync").timer().count()).isGreaterThanOrEqualTo(5);
    assertThat(registry.get("ratchet.progress.done").gauge().value()).isEqualTo(16);
    assertThat(registry.get("ratchet.progress.failed").gauge().value()).isEqualTo(3);
    assertThat(registry.get("ratchet.progress.skipped").gauge().value()).isEqualTo(1);
    assertThat(registry.get("ratchet.progress.total").gauge().value()).isEqualTo(20);
    assertThat(registry.get("ratchet.progress.remaining").gauge().value()).isEqualTo(3);
    assertThat(registry.get("ratchet.progress.ratio").gauge().value()).isEqualTo(17 / 20.0);
  }

  private static double counter(MeterRegistry registry, String name, String outcome) {
    return registry.get(name).tag("outcome", outcome).counter().count();
  }
}
