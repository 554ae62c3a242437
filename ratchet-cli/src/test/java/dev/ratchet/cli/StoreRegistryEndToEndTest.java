package dev.ratchet.cli;

import static dev.ratchet.cli.OutputFiles.keys;
import static dev.ratchet.cli.OutputFiles.records;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.internal.jdbc.PostgresProvider;
import dev.ratchet.internal.jdbc.SqliteProvider;
import dev.ratchet.internal.redis.RedisProvider;
import dev.ratchet.internal.store.FileStoreProvider;
import dev.ratchet.redis.RedisDatabase;
import dev.ratchet.redis.RedisTarget;
import dev.ratchet.sqlite.SqliteStore;
import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import dev.ratchet.store.MetaKeys;
import dev.ratchet.store.Stores;
import dev.ratchet.testkit.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stores found by URL through one registry, as a user meets them: the command line run as a child
 * process against SQLite, a file checkpoint, Redis ({@link TestServices}) and an unknown scheme.
 */
class StoreRegistryEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void everySchemeResolvesToItsStore() {
    assertThat(Stores.providerFor("out.jsonl.ratchet")).isInstanceOf(FileStoreProvider.class);
    assertThat(Stores.providerFor("file:/var/run.ratchet")).isInstanceOf(FileStoreProvider.class);
    assertThat(Stores.providerFor("sqlite:/data/run.db")).isInstanceOf(SqliteProvider.class);
    assertThat(Stores.providerFor("postgresql://db/jobs")).isInstanceOf(PostgresProvider.class);
    assertThat(Stores.providerFor("jdbc:postgresql://db/jobs"))
        .isInstanceOf(PostgresProvider.class);
    assertThat(Stores.providerFor("redis://cache:6379/0")).isInstanceOf(RedisProvider.class);
  }

  @Test
  void anUnknownSchemeIsRefusedNamingTheSchemesKnownAndNotThePassword() {
    CliResult r =
        new ChildCli(dir).run("status", "--store", "mysql://app:hunter2@db/jobs", "--run-id", "x");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .contains("no store takes 'mysql://app:***@db/jobs'")
        .contains("postgresql://")
        .contains("redis://[USER:@]HOST[:PORT][/DB]")
        .contains("sqlite:PATH")
        .contains("file:PATH");
    assertThat(r.out() + r.err()).doesNotContain("hunter2").doesNotContain("USER:***@");
  }

  @Test
  void sqliteIsUsableFromTheCommandLineAndStatusCreatesNothing() throws Exception {
    Path db = dir.resolve("run.db");
    try (SqliteStore store = SqliteStore.of(db)) {
      store.open();
      store.commit(
          Commit.of(
              Change.Item.done("0", 1, null),
              Change.Item.done("1", 1, null),
              Change.Item.failed("2", 1, 0, "exit 7"),
              new Change.Meta(MetaKeys.INPUT_ITEMS, "4")));
    }
    ChildCli cli = new ChildCli(dir);
    String url = "sqlite:" + db;

    CliResult status = cli.run("status", "--store", url, "--json");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    JsonNode json = JSON.readTree(status.out());
    assertThat(json.get("exists").asBoolean()).isTrue();
    assertThat(json.get("counts").get("done").asLong()).isEqualTo(2);
    assertThat(json.get("failed").get(0).get("error").asText()).isEqualTo("exit 7");

    CliResult mark = cli.run("mark", "--store", url, "--key", "2", "--skipped");
    assertThat(mark.exitCode()).as(mark.toString()).isZero();
    assertThat(mark.out()).contains("Marked item 2 skipped (was failed)");
    CliResult table = cli.run("status", "--store", url);
    assertThat(table.out()).containsPattern("skipped +1").containsPattern("failed +0");

    CliResult export = cli.run("export", "--store", url, "--output", "out.jsonl");
    assertThat(export.exitCode()).as(export.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(export.err()).contains("not their results").contains("postgresql://");
    assertThat(dir.resolve("out.jsonl")).doesNotExist();

    CliResult withRunId = cli.run("status", "--store", url, "--run-id", "x");
    assertThat(withRunId.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(withRunId.err()).contains("holds one checkpoint").contains("leave out --run-id");

    Path missing = dir.resolve("missing.db");
    CliResult absent = cli.run("status", "--store", "sqlite:" + missing, "--json");
    assertThat(absent.exitCode()).as(absent.toString()).isZero();
    assertThat(JSON.readTree(absent.out()).get("exists").asBoolean()).isFalse();
    assertThat(missing).as("status created nothing").doesNotExist();

    CliResult clear = cli.run("clear", "--store", url);
    assertThat(clear.exitCode()).as(clear.toString()).isZero();
    assertThat(clear.out()).contains("Removed checkpoint").contains("2 done");
    CliResult after = cli.run("status", "--store", url, "--json");
    assertThat(JSON.readTree(after.out()).get("exists").asBoolean()).isFalse();
  }

  @Test
  void aFileCheckpointIsFoundByPathOrFileUrl() throws Exception {
    Files.write(dir.resolve("in.txt"), List.of("a", "b", "c"));
    ChildCli cli = new ChildCli(dir);
    CliResult run =
        cli.run("process", "--input", "in.txt", "--output", "out.jsonl", "--keep-checkpoint");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    for (String url : List.of("file:out.jsonl.ratchet", dir.resolve("out.jsonl.ratchet") + "")) {
      CliResult status = cli.run("status", "--store", url, "--json");
      assertThat(status.exitCode()).as(status.toString()).isZero();
      assertThat(JSON.readTree(status.out()).get("counts").get("done").asLong()).isEqualTo(3);
    }
    CliResult process =
        cli.run(
            "process",
            "--store",
            "file:out.jsonl.ratchet",
            "--input",
            "in.txt",
            "--output",
            "out.jsonl");
    assertThat(process.exitCode()).as(process.toString()).isZero();
    assertThat(process.out()).contains("Resume plan: 3 done, 0 remaining");
    assertThat(keys(records(dir.resolve("out.jsonl")))).containsExactly("0", "1", "2");
  }

  @Test
  void statusAndExportReadARunInRedis() throws Exception {
    String url = TestServices.redis();
    String runId = "cli-registry-" + UUID.randomUUID().toString().substring(0, 8);
    Files.write(dir.resolve("in.txt"), IntStream.range(0, 30).mapToObj(i -> "item " + i).toList());
    ChildCli cli = new ChildCli(dir);
    try {
      CliResult process =
          cli.run("process", "--store", url, "--run-id", runId, "--input", "in.txt");
      assertThat(process.exitCode()).as(process.toString()).isZero();

      CliResult status = cli.run("status", "--store", url, "--run-id", runId, "--json");
      assertThat(status.exitCode()).as(status.toString()).isZero();
      assertThat(JSON.readTree(status.out()).get("counts").get("done").asLong()).isEqualTo(30);

      CliResult export =
          cli.run("export", "--store", url, "--run-id", runId, "--output", "out.jsonl");
      assertThat(export.exitCode()).as(export.toString()).isZero();
      List<String> lines = Files.readAllLines(dir.resolve("out.jsonl"));
      assertThat(lines).hasSize(30);
      assertThat(JSON.readTree(lines.get(29)).get("input").asText()).isEqualTo("item 29");

      CliResult text = cli.run("status", "--store", url, "--run-id", runId);
      assertThat(text.out())
          .as("the run's name, not an internal id")
          .contains("Run id       " + runId + "\n");
      String all = text.out() + text.err();
      int warnings = all.split("Redis restart", -1).length - 1;
      assertThat(warnings)
          .as("the durability warning, if any, once: " + all)
          .isLessThanOrEqualTo(1);

      CliResult mark =
          cli.run("mark", "--store", url, "--run-id", runId, "--key", "3", "--skipped");
      assertThat(mark.exitCode()).as(mark.toString()).isZero();
      assertThat(mark.out()).startsWith("Marked item 3 skipped (was done) in ");
    } finally {
      try (RedisDatabase db = RedisDatabase.connect(RedisTarget.parse(url))) {
        db.run(runId).delete();
      }
    }
  }

  @Test
  void optionsARunInAStoreDoesNotUseAreRefusedWithWhatToDo() {
    String url = "redis://127.0.0.1:1/0"; // refused before anything is connected
    ChildCli cli = new ChildCli(dir);
    String[][] refused = {
      {"--keep-checkpoint"}, {"--checkpoint", "x.ratchet"}, {"--key-file", "k"},
    };
    for (String[] option : refused) {
      String[] args = concat(new String[] {"process", "--store", url, "--run-id", "r"}, option);
      CliResult r = cli.run(args);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains(option[0] + " does not work with --store: ");
    }
    CliResult status = cli.run("status", "--store", url, "--run-id", "r", "--checkpoint", "c");
    assertThat(status.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(status.err()).contains("either --checkpoint PATH").contains("not both");
    CliResult gc = cli.run("gc", "--store", url, "--run-id", "r", "--older-than", "7d");
    assertThat(gc.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(gc.err()).contains("ratchet clear --store URL --run-id ID");
  }

  static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
