package dev.ratchet.cli;

import static dev.ratchet.cli.OutputFiles.numbered;
import static dev.ratchet.cli.OutputFiles.writeLines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.postgres.PostgresTarget;
import dev.ratchet.testkit.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output of a run shared through PostgreSQL ({@code process --store URL --run-id ID --output})
 * and of {@code export} is written whole at the end and renamed into place: it must never land on
 * the input, on a symlink's place or on a FIFO or device, as a run with a checkpoint already
 * refuses.
 */
class SharedOutputEndToEndTest {
  private static final String SCHEMA =
      "ratchet_outputs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

  @TempDir Path dir;
  ChildCli cli;
  String url;

  @BeforeEach
  void setUp() {
    cli = new ChildCli(dir);
    String base = TestServices.postgres();
    url = base + (base.contains("?") ? "&" : "?") + "schema=" + SCHEMA;
    writeLines(dir.resolve("in.txt"), numbered(5));
  }

  @AfterAll
  static void dropSchema() throws Exception {
    PostgresTarget pg = PostgresTarget.parse(TestServices.postgres());
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.driverProperties());
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS \"" + SCHEMA + "\" CASCADE");
    }
  }

  private CliResult worker(String runId, String output) {
    return cli.run(
        "process", "--store", url, "--run-id", runId, "--input", "in.txt", "--output", output);
  }

  @Test
  void aWorkersOutputThatIsItsInputIsRefusedAndTheInputKept() throws Exception {
    Files.createSymbolicLink(dir.resolve("same.txt"), Path.of("in.txt"));
    for (String output : List.of("in.txt", "./in.txt", "same.txt")) {
      CliResult r = worker("same-" + UUID.randomUUID(), output);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains("is the input file").contains("Nothing was changed");
    }
    assertThat(Files.readAllLines(dir.resolve("in.txt"))).isEqualTo(numbered(5));
  }

  @Test
  void aSymlinkedOutputStaysALinkAndTheFileItNamesGetsTheResults() throws Exception {
    Path target = Files.createDirectory(dir.resolve("results")).resolve("out.jsonl");
    Files.writeString(target, "old\n");
    Path link = Files.createSymbolicLink(dir.resolve("out.jsonl"), Path.of("results/out.jsonl"));
    String runId = "link-" + UUID.randomUUID();

    CliResult r = worker(runId, "out.jsonl");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(OutputFiles.keys(OutputFiles.records(target)))
        .containsExactly("0", "1", "2", "3", "4");

    Files.writeString(target, "old\n");
    CliResult export =
        cli.run("export", "--store", url, "--run-id", runId, "--output", "out.jsonl");
    assertThat(export.exitCode()).as(export.toString()).isZero();
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(OutputFiles.records(target)).hasSize(5);
  }

  @Test
  void aFifoOrADirectoryIsRefusedAndStaysWhatItWas() throws Exception {
    Path fifo = dir.resolve("fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Files.createDirectory(dir.resolve("sub"));
    String runId = "fifo-" + UUID.randomUUID();

    CliResult r = worker(runId, "fifo");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--output fifo is not a regular file");
    assertThat(worker(runId, "out.jsonl").exitCode()).isZero();
    for (String output : List.of("fifo", "sub")) {
      CliResult export = cli.run("export", "--store", url, "--run-id", runId, "--output", output);
      assertThat(export.exitCode()).as(export.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(export.err()).contains("is not a regular file").doesNotContain("internal error");
    }
    assertThat(Files.exists(fifo)).isTrue();
    assertThat(Files.isRegularFile(fifo)).isFalse();
    assertThat(dir.resolve("sub")).isEmptyDirectory();
  }
}
