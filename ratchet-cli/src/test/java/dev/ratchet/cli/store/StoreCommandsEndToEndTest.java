package dev.ratchet.cli.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.cli.Main;
import dev.ratchet.postgres.PostgresTarget;
import dev.ratchet.testkit.TestServices;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ratchet process|status|export|clear --store} against a real PostgreSQL ({@link
 * TestServices}), with worker processes as child JVMs.
 */
class StoreCommandsEndToEndTest {
  static String base;
  static String schema;
  static String url;

  @TempDir Path dir;

  @BeforeAll
  static void createSchemaName() {
    base = TestServices.postgres();
    schema = "ratchet_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    url = base + (base.contains("?") ? "&" : "?") + "schema=" + schema;
  }

  @AfterAll
  static void dropSchema() throws Exception {
    if (url == null) {
      return; // no server: the tests failed already, saying why
    }
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    }
  }

  static Connection connect() throws Exception {
    var t = PostgresTarget.parse(base);
    return DriverManager.getConnection(t.jdbcUrl(), t.driverProperties());
  }

  record Result(int code, String out, String err) {}

  static Result inProcess(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  Process child(String name, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile())
        .start();
  }

  String log(String name) throws Exception {
    return Files.readString(dir.resolve(name + ".out"))
        + Files.readString(dir.resolve(name + ".err"));
  }

  @Test
  void aWorkerCrashesAnotherTakesOverAndExportHoldsEachItemOnce() throws Exception {
    int n = 2000;
    Path input = dir.resolve("in.txt");
    Files.write(
        input, IntStream.range(0, n).mapToObj(i -> "line " + i + " $(rm -rf /) `x`").toList());
    String runId = "cli-" + UUID.randomUUID();
    String[] common = {
      "process",
      "--store",
      url,
      "--run-id",
      runId,
      "--input",
      input.toString(),
      "--batch-size",
      "50",
      "--lease-seconds",
      "2"
    };
    // the second worker starts once the first has crashed: started together, a fast second
    // worker could finish the run before the first reached its crash point
    Process crashing = child("a", concat(common, "--simulate-crash", "400"));
    assertThat(crashing.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(crashing.exitValue()).as(log("a")).isEqualTo(86);
    Process steady = child("b", concat(common, "--output", dir.resolve("b.jsonl").toString()));
    assertThat(steady.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(steady.exitValue()).as(log("b")).isZero();
    assertThat(log("b")).contains("Run '" + runId + "' finished");

    Result status = inProcess("status", "--store", url, "--run-id", runId, "--json");
    assertThat(status.code()).as(status.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(status.out());
    assertThat(json.get("counts").get("done").asLong()).isEqualTo(n);
    assertThat(json.get("runId").asText()).isEqualTo(runId);

    Path exported = dir.resolve("export.jsonl");
    Result export =
        inProcess("export", "--store", url, "--run-id", runId, "--output", exported.toString());
    assertThat(export.code()).as(export.err()).isZero();
    assertThat(export.out()).contains("Exported " + n + " results");
    List<String> lines = Files.readAllLines(exported, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(n);
    ObjectMapper mapper = new ObjectMapper();
    for (int i = 0; i < n; i++) {
      JsonNode line = mapper.readTree(lines.get(i));
      assertThat(line.get("key").asText()).isEqualTo(Integer.toString(i));
      assertThat(line.get("input").asText()).isEqualTo("line " + i + " $(rm -rf /) `x`");
      assertThat(line.get("result").get("upper").asText())
          .isEqualTo(("line " + i + " $(rm -rf /) `x`").toUpperCase());
    }
    assertThat(Files.readAllLines(dir.resolve("b.jsonl"))).isEqualTo(lines);

    Result clear = inProcess("clear", "--store", url, "--run-id", runId);
    assertThat(clear.code()).as(clear.err()).isZero();
    assertThat(clear.out()).contains("Removed run '" + runId + "'");
    Result after = inProcess("status", "--store", url, "--run-id", runId, "--json");
    assertThat(new ObjectMapper().readTree(after.out()).get("exists").asBoolean()).isFalse();
  }

  @Test
  void badStoreOptionsAreUsageErrors() {
    Result notPg = inProcess("status", "--store", "mysql://u:hunter2@h/db", "--run-id", "r");
    assertThat(notPg.code()).isEqualTo(2);
    assertThat(notPg.err())
        .contains("no store takes 'mysql://u:***@h/db'")
        .contains("postgresql://")
        .contains("redis://")
        .contains("sqlite:PATH")
        .contains("file:PATH")
        .doesNotContain("hunter2");
    Result noRunId = inProcess("export", "--store", url, "--output", dir.resolve("x").toString());
    assertThat(noRunId.code()).isEqualTo(2);
    assertThat(noRunId.err()).contains("--run-id");
    Result neither = inProcess("status");
    assertThat(neither.code()).isEqualTo(2);
    assertThat(neither.err()).contains("--checkpoint PATH").contains("--store URL");
    Result noItems =
        inProcess("process", "--store", url, "--run-id", "never-loaded-" + UUID.randomUUID());
    assertThat(noItems.code()).isEqualTo(2);
    assertThat(noItems.err()).contains("give --input FILE");
  }

  @Test
  void thePasswordIsNeverPrinted() throws Exception {
    Path passwordFile = Files.writeString(dir.resolve("pw"), "from-file-s3cret\n");
    String wrongDb =
        base.replaceFirst("/[^/?]*(\\?|$)", "/ratchet_no_such_db$1")
            .replaceFirst("://([^@:/]+)@", "://$1:url-s3cret@");
    Result r = inProcess("status", "--store", wrongDb, "--run-id", "r");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out() + r.err()).doesNotContain("url-s3cret").contains("ratchet_no_such_db");
    Result f =
        inProcess(
            "status",
            "--store",
            base.replaceFirst("/[^/?]*(\\?|$)", "/ratchet_no_such_db$1"),
            "--run-id",
            "r",
            "--password-file",
            passwordFile.toString());
    assertThat(f.code()).isEqualTo(3);
    assertThat(f.out() + f.err()).doesNotContain("from-file-s3cret");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
