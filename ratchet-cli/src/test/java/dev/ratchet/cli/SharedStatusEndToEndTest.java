package dev.ratchet.cli;

import static dev.ratchet.cli.OutputFiles.numbered;
import static dev.ratchet.cli.OutputFiles.writeLines;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code status --store URL --run-id ID} while a worker is working: its claimed items are not
 * called interrupted by a run that died, and the user is not told to run the command again.
 */
class SharedStatusEndToEndTest {
  private static final String GATED =
      "touch started; while [ ! -e gate ]; do sleep 0.02; done; cat";

  @TempDir Path dir;

  private static final StoreSchema SCHEMA = new StoreSchema("ratchet_status_");

  @AfterAll
  static void dropSchema() throws Exception {
    SCHEMA.drop();
  }

  private static String url(String store) {
    return SCHEMA.url(store);
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "redis"})
  void itemsALiveWorkerHoldsAreClaimedNotInterrupted(String store) throws Exception {
    String url = url(store);
    String runId = "status-" + UUID.randomUUID().toString().substring(0, 8);
    ChildCli cli = new ChildCli(dir);
    writeLines(dir.resolve("in.txt"), numbered(10));
    ChildCli.Started worker =
        cli.start(
            "process",
            "--store",
            url,
            "--run-id",
            runId,
            "--input",
            "in.txt",
            "--output",
            "out.jsonl",
            "--batch-size",
            "3",
            "--exec",
            GATED);
    try {
      OutputOwnershipEndToEndTest.awaitFile(dir.resolve("started"), worker.process());
      CliResult status = cli.run("status", "--store", url, "--run-id", runId);

      assertThat(status.exitCode()).as(status.toString()).isZero();
      assertThat(status.out())
          .contains("Claimed by workers (")
          .contains("being worked on, or left by a worker that died")
          .contains("Next: nothing while its workers run")
          .doesNotContain("when a run died")
          .doesNotContain("run the same command again to retry");
      Files.createFile(dir.resolve("gate"));
      assertThat(worker.waitFor()).as(worker.result().toString()).isZero();
      assertThat(OutputFiles.records(dir.resolve("out.jsonl"))).hasSize(10);
    } finally {
      // a failed assertion leaves the worker waiting for a gate in a directory about to go:
      // kill -9 it (its watchdog ends the item's command) before the run is cleared
      worker.kill9();
      cli.run("clear", "--store", url, "--run-id", runId); // cleanup; a lease may outlive a kill
    }
  }
}
