package dev.ratchet.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.ItemOutcome;
import dev.ratchet.store.StateCounts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real worker processes (child JVMs) on one run, killed with {@code kill -9} and paused. */
class WorkerProcessesTest {
  static String schema;
  static PostgresDatabase db;
  static String url;
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @BeforeAll
  static void connect() {
    schema = PgTestSupport.uniqueSchema();
    url =
        PgTestSupport.url() + (PgTestSupport.url().contains("?") ? "&" : "?") + "schema=" + schema;
    db = PostgresDatabase.connect(PostgresTarget.parse(url));
  }

  @AfterAll
  static void cleanUp() {
    if (db != null) {
      db.close();
      PgTestSupport.dropSchema(schema);
    }
  }

  record Child(Process process, Path log) {
    List<String> lines() throws IOException {
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    String workerId() throws IOException {
      return lines().stream()
          .filter(l -> l.startsWith("JOINED "))
          .findFirst()
          .map(l -> l.substring(7))
          .orElse(null);
    }
  }

  Child start(
      String name, String runId, long leaseMs, int batch, long sleepMs, String app, String... extra)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                WorkerMain.class.getName(),
                url,
                runId,
                Long.toString(leaseMs),
                Integer.toString(batch),
                Long.toString(sleepMs),
                app));
    cmd.addAll(List.of(extra));
    Path log = dir.resolve(name + ".log");
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(log.toFile())
            .redirectError(dir.resolve(name + ".err").toFile())
            .start();
    return new Child(p, log);
  }

  static String runId(String what) {
    return what + "-" + UUID.randomUUID();
  }

  @Test
  void fourWorkersOneKilledFinishEveryItemExactlyOnce() throws Exception {
    String runId = runId("kill9");
    int n = 100_000;
    PostgresRun run = db.run(runId);
    run.loadLines("fp", () -> IntStream.range(0, n).mapToObj(i -> "input-" + i).iterator());
    List<Child> children = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      children.add(start("w" + i, runId, 2000, 500, 20, "ratchet-test-kill9"));
    }
    Child victim = children.get(0);
    waitUntil(() -> run.counts().done() >= n / 5 && victim.workerId() != null, 120, "20% done");
    String victimId = victim.workerId();
    // Freeze the victim while it holds a claim, then kill it: it dies mid-batch.
    waitUntil(
        () -> {
          signal("STOP", victim.process().pid());
          if (!heldBy(runId, victimId, false).isEmpty()) {
            return true;
          }
          signal("CONT", victim.process().pid());
          Thread.sleep(15);
          return false;
        },
        30,
        "victim holds a claim");
    victim.process().destroyForcibly(); // SIGKILL
    victim.process().waitFor(10, TimeUnit.SECONDS);
    Map<String, Long> victimItems = heldBy(runId, victimId, false);
    Map<String, Long> victimReserve = heldBy(runId, victimId, true);
    assertThat(victimItems).isNotEmpty();
    for (Child c : children.subList(1, 4)) {
      assertThat(c.process().waitFor(180, TimeUnit.SECONDS)).as("survivor finished").isTrue();
      assertThat(c.process().exitValue()).isZero();
      assertThat(c.lines()).contains("FINISHED");
    }
    assertThat(run.counts()).isEqualTo(new StateCounts(0, n, 0, 0));
    assertThat(run.progress().pending()).isZero();

    // The victim's claimed items were finished by others, after its lease ran out.
    String items = "\"" + schema + "\".ratchet_recorded";
    String workers = "\"" + schema + "\".ratchet_workers";
    try (Connection c = PgTestSupport.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT i.key, i.token, i.interruptions, i.finished_at > w.lease_expires"
                    + " FROM "
                    + items
                    + " i, "
                    + workers
                    + " w WHERE i.run_id = ? AND w.run_id = i.run_id"
                    + " AND w.worker_id = ? AND i.key = ANY(?)")) {
      ps.setString(1, runId);
      ps.setString(2, victimId);
      ps.setArray(3, c.createArrayOf("text", victimItems.keySet().toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        int seen = 0;
        while (rs.next()) {
          seen++;
          // Another claim's token: the victim's outcome, had it come late, would carry its own.
          assertThat(rs.getLong(2)).isNotEqualTo(victimItems.get(rs.getString(1)));
          assertThat(rs.getInt(3)).isGreaterThanOrEqualTo(1);
          assertThat(rs.getBoolean(4)).as("finished after the victim's lease expired").isTrue();
        }
        assertThat(seen).isEqualTo(victimItems.size());
      }
    }
    // Batches it had leased ahead and not yet claimed were never started: no interruption.
    if (!victimReserve.isEmpty()) {
      assertThat(
              PgTestSupport.queryLong(
                  "SELECT count(*) FROM "
                      + items
                      + " WHERE run_id = '"
                      + runId
                      + "' AND interruptions = 0 AND state = 2 AND key IN ('"
                      + String.join("','", victimReserve.keySet())
                      + "')"))
          .isEqualTo(victimReserve.size());
    }

    // No key was acknowledged to two workers.
    Map<String, Integer> acknowledged = new HashMap<>();
    for (Child c : children) {
      for (String line : c.lines()) {
        if (line.startsWith("C ") && line.length() > 2) {
          for (String key : line.substring(2).split(",")) {
            acknowledged.merge(key, 1, Integer::sum);
          }
        }
      }
    }
    assertThat(acknowledged.values()).containsOnly(1);
    assertThat(acknowledged.keySet()).containsAll(victimItems.keySet());
    for (String line : victim.lines()) {
      if (line.startsWith("C ")) {
        assertThat(line.substring(2).split(",")).doesNotContainAnyElementsOf(victimItems.keySet());
      }
    }

    // The export holds each item once, in input order.
    Path out = dir.resolve("out.jsonl");
    assertThat(run.exportJsonLines(out)).isEqualTo(n);
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(n);
    for (int i = 0; i < n; i += 997) {
      JsonNode node = JSON.readTree(lines.get(i));
      assertThat(node.get("key").asText()).isEqualTo(Integer.toString(i));
      assertThat(node.get("input").asText()).isEqualTo("input-" + i);
    }
    assertThat(lines.stream().map(l -> l.substring(0, l.indexOf(",\"input\""))).distinct().count())
        .isEqualTo(n);
  }

  @Test
  void aPausedWorkerThatComesBackAfterItsLeaseWasTakenOverIsFencedOff() throws Exception {
    String runId = runId("paused");
    PostgresRun run = db.run(runId);
    run.loadLines(null, () -> IntStream.range(0, 50).mapToObj(i -> "x" + i).iterator());
    Child paused = start("paused", runId, 1000, 20, 0, "ratchet-test-paused", "hold");
    waitUntil(() -> paused.lines().contains("CLAIMED 20"), 60, "child claimed");
    long pid = paused.process().pid();
    signal("STOP", pid);
    Thread.sleep(1500);
    try (WorkerSession fresh = run.join(Duration.ofSeconds(10))) {
      List<ClaimedItem> taken = PostgresRunTest.takeOver(fresh, 20);
      assertThat(taken).hasSize(20).allSatisfy(i -> assertThat(i.interruptions()).isEqualTo(1));
      fresh.complete(taken.stream().map(i -> new ItemOutcome.Done(i, "\"fresh\"")).toList());
    }
    signal("CONT", pid);
    try (OutputStream in = paused.process().getOutputStream()) {
      in.write("go\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(paused.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> lines = paused.lines();
    assertThat(lines).contains("C ");
    assertThat(
            lines.stream()
                .filter(l -> l.startsWith("F "))
                .findFirst()
                .orElseThrow()
                .substring(2)
                .split(","))
        .hasSize(20);
    assertThat(
            PgTestSupport.queryLong(
                "SELECT count(*) FROM \""
                    + schema
                    + "\".ratchet_outcomes WHERE run_id = '"
                    + runId
                    + "' AND state = 2 AND result = '\"fresh\"'"))
        .isEqualTo(20);
  }

  @Test
  void terminatingWorkerConnectionsMidRunDoesNotStopTheRun() throws Exception {
    String runId = runId("terminate");
    int n = 10_000;
    PostgresRun run = db.run(runId);
    run.loadLines(null, () -> IntStream.range(0, n).mapToObj(i -> "t" + i).iterator());
    String app = "ratchet-test-term-" + UUID.randomUUID().toString().substring(0, 8);
    List<Child> children =
        List.of(start("t0", runId, 2000, 100, 10, app), start("t1", runId, 2000, 100, 10, app));
    long terminated = 0;
    for (int round = 0; round < 4; round++) {
      long target = (long) n * (round + 1) / 6;
      waitUntil(() -> run.counts().done() >= target, 120, "progress " + target);
      terminated +=
          PgTestSupport.queryLong(
              "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '"
                  + app
                  + "'");
    }
    assertThat(terminated).isPositive();
    for (Child c : children) {
      assertThat(c.process().waitFor(180, TimeUnit.SECONDS)).isTrue();
      assertThat(c.process().exitValue()).isZero();
    }
    assertThat(run.counts()).isEqualTo(new StateCounts(0, n, 0, 0));
    Map<String, Integer> acknowledged = new HashMap<>();
    for (Child c : children) {
      for (String line : c.lines()) {
        if (line.startsWith("C ") && line.length() > 2) {
          for (String key : line.substring(2).split(",")) {
            acknowledged.merge(key, 1, Integer::sum);
          }
        }
      }
    }
    assertThat(acknowledged.values()).containsOnly(1);
    assertThat(acknowledged).hasSize(n);
    assertThat(run.exportJsonLines(dir.resolve("t.jsonl"))).isEqualTo(n);
  }

  /**
   * The unrecorded items of the chunks {@code workerId} leases: its claims (each with its token),
   * or with {@code reserve} the batches it leased ahead and has not yet claimed (no token).
   */
  private Map<String, Long> heldBy(String runId, String workerId, boolean reserve)
      throws SQLException {
    Map<String, Long> held = new HashMap<>();
    try (Connection c = PgTestSupport.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT i.key, ch.token FROM \""
                    + schema
                    + "\".ratchet_chunks ch JOIN \""
                    + schema
                    + "\".ratchet_inputs i ON i.run_id = ch.run_id AND i.ordinal >= ch.lo"
                    + " AND i.ordinal < ch.hi WHERE ch.run_id = ? AND ch.worker = ?"
                    + " AND (ch.token IS NULL) = ? AND NOT EXISTS (SELECT 1 FROM \""
                    + schema
                    + "\".ratchet_outcomes r WHERE r.run_id = i.run_id"
                    + " AND r.ordinal = i.ordinal)")) {
      ps.setString(1, runId);
      ps.setString(2, workerId);
      ps.setBoolean(3, reserve);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          held.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return held;
  }

  private static void signal(String sig, long pid) throws Exception {
    Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
    assertThat(p.waitFor()).isZero();
  }

  interface Check {
    boolean ok() throws Exception;
  }

  private static void waitUntil(Check check, int seconds, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + seconds + " s waiting for: " + what);
      }
      Thread.sleep(20);
    }
  }
}
