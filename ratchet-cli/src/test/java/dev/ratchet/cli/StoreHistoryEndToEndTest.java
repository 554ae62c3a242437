package dev.ratchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.postgres.PostgresTarget;
import dev.ratchet.redis.RedisDatabase;
import dev.ratchet.redis.RedisTarget;
import dev.ratchet.testkit.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs in PostgreSQL and Redis leave their history in the server: {@code process --store} through
 * the real CLI (child JVMs) against the real servers ({@link TestServices}), then {@code history
 * --store}.
 */
class StoreHistoryEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Fails the items whose text holds "bad", with an error on standard error. */
  static final String EXEC =
      "case \"$RATCHET_ITEM\" in *bad*) echo \"boom: $RATCHET_ITEM\" >&2; exit 4;; esac; echo ok";

  @TempDir Path dir;

  @Test
  void aPostgresRunLeavesOneRecordWithItsFailuresAndNeverThePassword() throws Exception {
    String base = TestServices.postgres();
    String schema = "ratchet_hist_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    String plain = base + (base.contains("?") ? "&" : "?") + "schema=" + schema;
    String existing = passwordOf(plain);
    String secret = existing != null ? existing : "Hist0ry-s3cret-pw";
    String url = existing != null ? plain : withPassword(plain, secret);
    try {
      Files.write(dir.resolve("in.txt"), List.of("a", "b bad", "c", "d", "e bad <b>", "f"));
      ChildCli cli = new ChildCli(dir);
      String runId = "hist-" + UUID.randomUUID().toString().substring(0, 8);
      CliResult run =
          cli.run(
              "process", "--store", url, "--run-id", runId, "--input", "in.txt", "--exec", EXEC);
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);

      CliResult listed = cli.run("history", "--store", url, "--json");
      assertThat(listed.exitCode()).as(listed.toString()).isZero();
      assertThat(listed.out() + listed.err()).doesNotContain(secret);
      JsonNode records = JSON.readTree(listed.out());
      assertThat(records).hasSize(1);
      JsonNode record = records.get(0);
      assertThat(record.get("runId").asText()).isEqualTo(runId);
      assertThat(record.get("kind").asText()).isEqualTo("run");
      assertThat(record.get("outcome").asText()).isEqualTo("completed_with_failures");
      assertThat(record.get("counts").get("done").asLong()).isEqualTo(4);
      assertThat(record.get("counts").get("failed").asLong()).isEqualTo(2);
      assertThat(record.get("processed").asLong()).isEqualTo(6);
      assertThat(record.get("failedTotal").asLong()).isEqualTo(2);
      assertThat(record.get("failed")).hasSize(2);
      List<String> errors = new ArrayList<>();
      record.get("failed").forEach(f -> errors.add(f.get("error").asText()));
      assertThat(errors).allMatch(e -> e.contains("boom: "));
      assertThat(errors).anyMatch(e -> e.contains("e bad <b>"));
      assertThat(record.get("checkpoint").asText()).contains("schema=" + schema);
      assertThat(record.get("command").toString()).contains("--run-id").contains(runId);
      assertThat(Instant.parse(record.get("started").asText()))
          .isBeforeOrEqualTo(Instant.parse(record.get("ended").asText()));
      assertThat(storedRecords(base, schema)).hasSize(1).allMatch(r -> !r.contains(secret));

      String second = "hist-ok-" + UUID.randomUUID().toString().substring(0, 8);
      Files.write(dir.resolve("ok.txt"), List.of("x", "y"));
      CliResult ok = cli.run("process", "--store", url, "--run-id", second, "--input", "ok.txt");
      assertThat(ok.exitCode()).as(ok.toString()).isZero();

      CliResult table = cli.run("history", "--store", url);
      assertThat(table.exitCode()).as(table.toString()).isZero();
      assertThat(table.out()).doesNotContain(secret);
      List<String> lines = table.out().lines().toList();
      assertThat(lines).hasSize(3);
      assertThat(lines.get(1)).contains("succeeded").endsWith("run " + second);
      assertThat(lines.get(2)).contains("completed_with_failures").endsWith("run " + runId);

      CliResult newest = cli.run("history", "--store", url, "--limit", "1", "--json");
      assertThat(JSON.readTree(newest.out()).get(0).get("runId").asText()).isEqualTo(second);
      assertThat(JSON.readTree(newest.out())).hasSize(1);
      CliResult one = cli.run("history", "--store", url, "--run-id", runId, "--json");
      assertThat(JSON.readTree(one.out())).hasSize(1);
      assertThat(JSON.readTree(one.out()).get(0).get("runId").asText()).isEqualTo(runId);
    } finally {
      try (Connection c = connect(base);
          Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
      }
    }
  }

  @Test
  void aRedisWorkerStoppedByCtrlCLeavesAStoppedRecordAndAFinishedOneItsCounts() throws Exception {
    String url = TestServices.redis();
    String runId = "hist-" + UUID.randomUUID().toString().substring(0, 8);
    Files.write(
        dir.resolve("in.txt"),
        IntStream.range(0, 200).mapToObj(i -> i == 3 ? "item bad 3" : "item " + i).toList());
    ChildCli cli = new ChildCli(dir);
    String[] common = {
      "process", "--store", url, "--run-id", runId, "--input", "in.txt", "--batch-size", "2"
    };
    try (RedisDatabase db = RedisDatabase.connect(RedisTarget.parse(url))) {
      try {
        ChildCli.Started slow = cli.start(concat(common, "--exec", "sleep 0.05; " + EXEC));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (db.run(runId).counts().done() < 10 && Instant.now().isBefore(deadline)) {
          Thread.sleep(50); // polling the server for progress, not timing the run
        }
        assertThat(db.run(runId).counts().done()).as(slow.outSoFar()).isGreaterThanOrEqualTo(10);
        slow.interrupt();
        assertThat(slow.waitFor()).as(slow.result().toString()).isNotZero();

        JsonNode stopped = forRun(cli, url, runId);
        assertThat(stopped).hasSize(1);
        assertThat(stopped.get(0).get("outcome").asText()).isEqualTo("stopped");
        assertThat(stopped.get(0).get("counts").get("done").asLong()).isGreaterThanOrEqualTo(10);
        assertThat(stopped.get(0).get("failed").get(0).get("key").asText()).isNotEmpty();

        CliResult finish = cli.run(concat(common, "--exec", EXEC));
        assertThat(finish.exitCode()).as(finish.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
        JsonNode both = forRun(cli, url, runId);
        assertThat(both).hasSize(2);
        JsonNode last = both.get(0);
        assertThat(last.get("outcome").asText()).isEqualTo("completed_with_failures");
        assertThat(last.get("counts").get("done").asLong()).isEqualTo(199);
        assertThat(last.get("counts").get("failed").asLong()).isEqualTo(1);
        // the rerun retried the item that had failed, and it failed again
        assertThat(last.get("failedTotal").asLong()).isEqualTo(1);
        assertThat(both.get(1).get("outcome").asText()).isEqualTo("stopped");

        CliResult table = cli.run("history", "--store", url, "--run-id", runId);
        assertThat(table.out()).contains("completed_with_failures").contains("stopped");
      } finally {
        db.run(runId).delete();
      }
    }
  }

  @Test
  void anUnreachableStoreIsOneLineAndExit3AndRootWithStoreIsRefused() {
    ChildCli cli = new ChildCli(dir);
    CliResult redis = cli.run("history", "--store", "redis://:pw-x1@127.0.0.1:1/0");
    assertThat(redis.exitCode()).as(redis.toString()).isEqualTo(ExitCodes.CHECKPOINT);
    assertThat(redis.err().strip().lines()).hasSize(1);
    assertThat(redis.err()).contains("cannot reach Redis").doesNotContain("pw-x1");

    CliResult both = cli.run("history", "--root", ".", "--store", "redis://127.0.0.1:1/0");
    assertThat(both.exitCode()).as(both.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).contains("either --root or --store");

    CliResult bad = cli.run("history", "--store", "mysql://u:pw-x2@h/db");
    assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).doesNotContain("pw-x2");
  }

  private static JsonNode forRun(ChildCli cli, String url, String runId) throws Exception {
    CliResult listed = cli.run("history", "--store", url, "--run-id", runId, "--json");
    assertThat(listed.exitCode()).as(listed.toString()).isZero();
    return JSON.readTree(listed.out());
  }

  private static List<String> storedRecords(String base, String schema) throws Exception {
    List<String> records = new ArrayList<>();
    try (Connection c = connect(base);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT record FROM \"" + schema + "\".\"ratchet_history\"")) {
      while (rs.next()) {
        records.add(rs.getString(1));
      }
    }
    return records;
  }

  private static Connection connect(String url) throws Exception {
    PostgresTarget t = PostgresTarget.parse(url);
    return DriverManager.getConnection(t.jdbcUrl(), t.driverProperties());
  }

  /** The password in a URL's user part, or null. */
  static String passwordOf(String url) {
    String userInfo = userInfo(url);
    int colon = userInfo == null ? -1 : userInfo.indexOf(':');
    return colon < 0 ? null : userInfo.substring(colon + 1);
  }

  /** The URL with a password (the test server trusts local connections, so any is accepted). */
  static String withPassword(String url, String password) {
    int start = url.indexOf("://") + 3;
    String userInfo = userInfo(url);
    return userInfo == null
        ? url.substring(0, start) + "postgres:" + password + "@" + url.substring(start)
        : url.substring(0, start)
            + userInfo
            + ":"
            + password
            + url.substring(start + userInfo.length());
  }

  private static String userInfo(String url) {
    int start = url.indexOf("://") + 3;
    int at = url.indexOf('@', start);
    int slash = url.indexOf('/', start);
    return at < 0 || (slash >= 0 && slash < at) ? null : url.substring(start, at);
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
