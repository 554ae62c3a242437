package dev.ratchet.cli.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.cli.ExitCodes;
import dev.ratchet.cli.Main;
import dev.ratchet.postgres.PostgresTarget;
import dev.ratchet.testkit.TestServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that only read a PostgreSQL store create nothing, and what no retry can fix (a database
 * that does not exist, a refused login) is said at once in one line with what to do.
 */
class StoreConnectionErrorsTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  @Test
  void statusExportAndHistoryOnAMistypedSchemaCreateNothingAndSaySo() throws Exception {
    String base = TestServices.postgres();
    String schema = unique("ratchet_typo_");
    String url = base + (base.contains("?") ? "&" : "?") + "schema=" + schema;

    Result status = run("status", "--store", url, "--run-id", "nightly");
    assertThat(status.code()).as(status.toString()).isZero();
    assertThat(status.out()).contains("schema '" + schema + "' holds no Ratchet tables");

    Result export =
        run(
            "export",
            "--store",
            url,
            "--run-id",
            "nightly",
            "--output",
            dir.resolve("out.jsonl").toString());
    assertThat(export.code()).as(export.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(export.err()).contains("holds no Ratchet tables; nothing was created");

    Result history = run("history", "--store", url);
    assertThat(history.code()).as(history.toString()).isZero();
    Result clear = run("clear", "--store", url, "--run-id", "nightly");
    assertThat(clear.code()).as(clear.toString()).isZero();
    assertThat(clear.out()).contains("nothing to clear");

    assertThat(schemaExists(base, schema)).as("no schema was created").isFalse();
  }

  @Test
  void aDatabaseThatDoesNotExistIsSaidAtOnce() {
    PostgresTarget t = PostgresTarget.parse(TestServices.postgres());
    String database = unique("ratchet_missing_");
    String url =
        "postgresql://"
            + (t.user() == null ? "" : t.user() + "@")
            + t.host()
            + ":"
            + t.port()
            + "/"
            + database;
    Result r = run("status", "--store", url, "--run-id", "nightly");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.CHECKPOINT);
    assertThat(r.err())
        .contains("database \"" + database + "\" does not exist")
        .contains("createdb")
        .doesNotContain("Connection is not available")
        .doesNotContain("Exception");
  }

  @Test
  void aRefusedLoginIsSaidAtOnceWithWhatToCheck() {
    PostgresTarget t = PostgresTarget.parse(TestServices.postgres());
    String user = unique("ratchet_nobody_");
    String url = "postgresql://" + user + "@" + t.host() + ":" + t.port() + "/" + t.database();
    Result r = run("status", "--store", url, "--run-id", "nightly");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.CHECKPOINT);
    assertThat(r.err())
        .contains("the server refused the login")
        .contains(user)
        .contains("--password-file")
        .doesNotContain("Connection is not available");
  }

  private static boolean schemaExists(String base, String schema) throws Exception {
    PostgresTarget t = PostgresTarget.parse(base);
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.driverProperties());
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM pg_namespace WHERE nspname = ?")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    }
  }
}
