package dev.ratchet.bench.suites;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The raw chunk design run by pgbench: each transaction of the script leases {@code batch} ordinals
 * by one UPDATE of a cursor row and appends {@code batch} outcome rows by one multi-row INSERT,
 * each committed on its own (two commits per chunk, as Ratchet's claim and completion).
 */
final class PgBench {
  private static final Pattern TPS =
      Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
  private static Boolean available;

  private PgBench() {}

  static synchronized boolean available() {
    if (available == null) {
      try {
        Process p = new ProcessBuilder("pgbench", "--version").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        available = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
      } catch (IOException | InterruptedException e) {
        available = false;
      }
    }
    return available;
  }

  /** Items per second: pgbench's transactions per second (one chunk each) times {@code batch}. */
  static double throughput(String schema, int workers, int batch, long n) throws Exception {
    String cursor = schema + ".raw_cursor";
    String results = schema + ".raw_results";
    long perClient = Math.max(1, (n + (long) batch * workers - 1) / ((long) batch * workers));
    try (Connection c =
            DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
      s.execute("DROP TABLE IF EXISTS " + cursor + ", " + results);
      s.execute("CREATE TABLE " + cursor + " (id int PRIMARY KEY, next bigint)");
      s.execute(
          "CREATE TABLE "
              + results
              + " (ordinal bigint PRIMARY KEY, state smallint NOT NULL, result text)");
      s.execute("INSERT INTO " + cursor + " VALUES (1, 0)");
    }
    Path script = Files.createTempFile("ratchet-raw-chunk", ".sql");
    try {
      Files.writeString(
          script,
          "UPDATE "
              + cursor
              + " SET next = next + :batch WHERE id = 1 RETURNING next - :batch AS lo \\gset\n"
              + "INSERT INTO "
              + results
              + " (ordinal, state, result) SELECT g, 2, NULL"
              + " FROM generate_series(:lo, :lo + :batch - 1) g;\n",
          StandardCharsets.UTF_8);
      Process p =
          new ProcessBuilder(
                  List.of(
                      "pgbench",
                      "-h",
                      "127.0.0.1",
                      "-p",
                      "5432",
                      "-U",
                      "postgres",
                      "-n",
                      "-c",
                      Integer.toString(workers),
                      "-j",
                      Integer.toString(workers),
                      "-t",
                      Long.toString(perClient),
                      "-D",
                      "batch=" + batch,
                      "-f",
                      script.toString(),
                      "test"))
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("pgbench failed:\n" + out);
      }
      Matcher m = TPS.matcher(out);
      if (!m.find()) {
        throw new IllegalStateException("pgbench printed no rate:\n" + out);
      }
      return Double.parseDouble(m.group(1)) * batch;
    } finally {
      Files.deleteIfExists(script);
      try (Connection c =
              DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
          Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + cursor + ", " + results);
      }
    }
  }
}
