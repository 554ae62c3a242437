package dev.ratchet.internal.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.dag.CheckpointExecutor;
import dev.ratchet.dag.Dag;
import dev.ratchet.dag.Task;
import dev.ratchet.store.FileStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LargeResultWarningTest {
  @TempDir Path dir;

  @AfterEach
  void resetThreshold() {
    System.clearProperty(LargeResultWarning.THRESHOLD_PROPERTY);
  }

  @Test
  void warnsAboveTheDefaultThresholdOnly() {
    String small = "\"" + "x".repeat(1000) + "\"";
    String large = "\"" + "x".repeat(1_100_000) + "\"";
    assertThat(LargeResultWarning.check("item", "7", small)).isNull();
    assertThat(LargeResultWarning.check("item", "7", large))
        .contains("item '7'")
        .contains("1.0 MiB")
        .contains("return a reference to it");
  }

  @Test
  void thresholdIsConfigurableAndZeroTurnsItOff() {
    String json = "\"" + "é".repeat(600) + "\"";
    System.setProperty(LargeResultWarning.THRESHOLD_PROPERTY, "1000");
    assertThat(LargeResultWarning.check("node", "load", json)).contains("node 'load'");
    System.setProperty(LargeResultWarning.THRESHOLD_PROPERTY, "0");
    assertThat(LargeResultWarning.check("node", "load", json)).isNull();
  }

  @Test
  void aDagNodeWithALargeResultIsWarnedAboutAndStillStored() throws Exception {
    System.setProperty(LargeResultWarning.THRESHOLD_PROPERTY, "4096");
    Dag dag = Dag.builder().addNode("big").addNode("small").build();
    Map<String, Task> tasks = Map.of("big", ctx -> "y".repeat(10_000), "small", ctx -> "ok");
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      var result =
          CheckpointExecutor.builder(dag)
              .store(() -> FileStore.at(dir.resolve("ckpt")))
              .build()
              .execute(tasks);
      assertThat(result.result("big", String.class)).hasSize(10_000);
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("the result of node 'big' is 9.8 KiB").doesNotContain("node 'small'");
  }
}
