package dev.ratchet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checkpoint-list functions log the seed's messages (slf4j-simple writes them to stderr). */
class CheckpointsLogTest {
  @Test
  void checkpointingAndResumingLogTheSeedsWords() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Checkpoints.checkpointSteps(List.of("extract", "transform", "load"));
      Checkpoints.resumeFromCheckpoint(
          List.of("extract", "transform", "load"),
          List.of(List.of("extract", true), List.of("transform", false)));
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log)
        .contains("INFO dev.ratchet.Checkpoints - Checkpointed: extract")
        .contains("Checkpointed: transform")
        .contains("Checkpointed: load")
        .contains("All 3 steps recorded")
        .contains("Resume plan: 1 done, 2 remaining");
  }
}
