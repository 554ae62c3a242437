package dev.ratchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code --checkpoint} path that is a file, as seed 002 names one, through the real command. */
class CheckpointFileEndToEndTest {
  @TempDir Path tmp;

  @Test
  void aCheckpointListFileIsRefusedSayingWhatToDoAndFreshOrClearRemoveIt() throws Exception {
    ChildCli cli = new ChildCli(tmp);
    Files.createDirectories(tmp.resolve("data"));
    Path list = tmp.resolve("data/.checkpoint.json");
    Checkpoints.write(list, List.of(List.of("extract", true), List.of("load", false)));
    Path input = tmp.resolve("in.txt");
    Files.writeString(input, "a\nb\n");
    String output = tmp.resolve("out.jsonl").toString();

    CliResult refused =
        cli.run(
            "process",
            "--input",
            input.toString(),
            "--output",
            output,
            "--checkpoint",
            list.toString());
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.err()).contains("is a checkpoint list", "add --fresh", "ratchet clear");
    assertThat(Checkpoints.read(list)).hasSize(2);

    CliResult fresh =
        cli.run(
            "process",
            "--input",
            input.toString(),
            "--output",
            output,
            "--checkpoint",
            list.toString(),
            "--fresh");
    assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
    assertThat(Files.readAllLines(Path.of(output))).hasSize(2);

    Checkpoints.write(list, List.of(List.of("extract", true)));
    CliResult cleared = cli.run("clear", "--checkpoint", list.toString());
    assertThat(cleared.exitCode()).as(cleared.toString()).isZero();
    assertThat(cleared.out()).contains("Removed checkpoint list");
    assertThat(list).doesNotExist();
  }

  @Test
  void someoneElsesFileIsNeverTouched() throws Exception {
    ChildCli cli = new ChildCli(tmp);
    Path notes = tmp.resolve("notes.txt");
    Files.writeString(notes, "my notes\n");
    Path input = tmp.resolve("in.txt");
    Files.writeString(input, "a\n");

    CliResult fresh =
        cli.run(
            "process",
            "--input",
            input.toString(),
            "--output",
            tmp.resolve("out.jsonl").toString(),
            "--checkpoint",
            notes.toString(),
            "--fresh");
    CliResult cleared = cli.run("clear", "--checkpoint", notes.toString());

    assertThat(fresh.exitCode()).as(fresh.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(fresh.err()).contains("is a file that is not a Ratchet checkpoint");
    assertThat(cleared.exitCode()).as(cleared.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(Files.readString(notes)).isEqualTo("my notes\n");
  }

  @Test
  void aResumedProcessPrintsItsPlan() throws Exception {
    ChildCli cli = new ChildCli(tmp);
    Path input = tmp.resolve("in.txt");
    Files.writeString(input, "a\nb\nc\nd\ne\n");
    String output = tmp.resolve("out.jsonl").toString();
    CliResult crashed =
        cli.run(
            "process",
            "--input",
            input.toString(),
            "--output",
            output,
            "--batch-size",
            "1",
            "--simulate-crash",
            "3");
    assertThat(crashed.exitCode()).as(crashed.toString()).isEqualTo(86);

    CliResult resumed = cli.run("process", "--input", input.toString(), "--output", output);

    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    java.util.regex.Matcher plan =
        java.util.regex.Pattern.compile("Resume plan: (\\d+) done, (\\d+) remaining")
            .matcher(resumed.out());
    assertThat(plan.find()).as(resumed.toString()).isTrue();
    assertThat(Integer.parseInt(plan.group(1)))
        .isBetween(0, 3); // how many were committed is timing
    assertThat(Integer.parseInt(plan.group(1)) + Integer.parseInt(plan.group(2))).isEqualTo(5);
  }
}
