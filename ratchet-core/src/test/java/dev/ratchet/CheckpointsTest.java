package dev.ratchet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CheckpointsTest {
  private static final List<String> ALL = List.of("extract", "transform", "load");

  static Stream<Arguments> resumeTable() {
    return Stream.of(
        Arguments.of(
            "recorded true is skipped",
            List.of(List.of("extract", true)),
            List.of("transform", "load")),
        Arguments.of(
            "recorded false is re-attempted",
            List.of(List.of("extract", true), List.of("transform", false)),
            List.of("transform", "load")),
        Arguments.of("never recorded is a first attempt", List.of(), ALL),
        Arguments.of(
            "recorded false then true is skipped",
            List.of(List.of("load", false), List.of("load", true)),
            List.of("extract", "transform")),
        Arguments.of(
            "recorded true then false is still skipped",
            List.of(List.of("load", true), List.of("load", false)),
            List.of("extract", "transform")),
        Arguments.of(
            "duplicate failures collapse into one run",
            List.of(List.of("extract", false), List.of("extract", false)),
            ALL),
        Arguments.of(
            "every step done leaves nothing",
            List.of(List.of("load", true), List.of("extract", true), List.of("transform", true)),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resumeTable")
  void resumeFollowsTheTable(String name, List<List<Object>> checkpoint, List<String> expected) {
    assertThat(Checkpoints.resumeFromCheckpoint(ALL, checkpoint)).isEqualTo(expected);
  }

  @Test
  void duplicateStepNamesInThePlanCollapse() {
    assertThat(Checkpoints.resumeFromCheckpoint(List.of("a", "b", "a"), List.of()))
        .containsExactly("a", "b");
  }

  @Test
  void checkpointStepsMarksEveryStepDoneAsLists() {
    List<List<Object>> steps = Checkpoints.checkpointSteps(List.of("extract", "load"));
    assertThat(steps).isEqualTo(List.of(List.of("extract", true), List.of("load", true)));
    assertThat(Checkpoints.resumeFromCheckpoint(List.of("extract", "load"), steps)).isEmpty();
  }

  @Test
  void jsonRoundTripIsExact(@TempDir Path dir) throws Exception {
    List<List<Object>> checkpoint =
        List.of(List.of("extract", true), List.of("load", false), List.of("load", true));
    String json = Checkpoints.toJson(checkpoint);
    assertThat(json).isEqualTo("[[\"extract\",true],[\"load\",false],[\"load\",true]]");
    assertThat(Checkpoints.fromJson(json)).isEqualTo(checkpoint);

    Path file = dir.resolve("steps.json");
    Checkpoints.write(file, checkpoint);
    assertThat(Checkpoints.read(file)).isEqualTo(checkpoint);
    assertThat(Files.readString(file)).isEqualTo(json);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aMissingFileIsAnEmptyCheckpoint(@TempDir Path dir) {
    assertThat(Checkpoints.read(dir.resolve("absent.json"))).isEmpty();
  }

  @Test
  void malformedEntriesAreRefusedWithTheBadValue() {
    assertThatThrownBy(() -> Checkpoints.fromJson("[[\"a\", \"yes\"]]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checkpoint entry 0 must be [name, true|false], was [a, yes]");
    assertThatThrownBy(() -> Checkpoints.fromJson("{\"a\": true}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JSON list");
  }

  @Test
  void recordingAttemptsDrivesTheResumePlan(@TempDir Path dir) {
    Path file = dir.resolve("steps.json");
    List<String> ran = new ArrayList<>();
    for (String step : Checkpoints.resumeFromCheckpoint(ALL, Checkpoints.read(file))) {
      ran.add(step);
      Checkpoints.record(file, step, !step.equals("load"));
    }
    assertThat(ran).isEqualTo(ALL);
    assertThat(Checkpoints.resumeFromCheckpoint(ALL, Checkpoints.read(file)))
        .containsExactly("load");
    Checkpoints.record(file, "load", true);
    assertThat(Checkpoints.resumeFromCheckpoint(ALL, Checkpoints.read(file))).isEmpty();
    assertThat(Checkpoints.read(file))
        .containsExactly(
            List.of("extract", true),
            List.of("transform", true),
            List.of("load", false),
            List.of("load", true));
  }
}
