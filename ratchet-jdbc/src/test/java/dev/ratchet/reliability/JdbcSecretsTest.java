package dev.ratchet.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.postgres.PostgresDatabase;
import dev.ratchet.postgres.PostgresTarget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The database password written in a PostgreSQL URL never appears in a printed target, an error
 * message, a stack trace or a log line: for a malformed URL, an unreachable server and a bad port.
 * Needs no server (the server-side cases are in the PostgreSQL store's own tests).
 */
class JdbcSecretsTest {
  private static final String PASSWORD = "Pa55-very-secret-word";

  @Test
  void theDatabasePasswordNeverAppearsInOutputOrErrors() {
    List<String> printed = new ArrayList<>();
    PrintStream err = System.err;
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setErr(capture);
    System.setOut(capture);
    try {
      PostgresTarget target =
          PostgresTarget.parse("postgresql://ratchet:" + PASSWORD + "@127.0.0.1:1/ratchet");
      printed.add(target.toString());
      printed.add(target.display());
      printed.add(target.jdbcUrl());
      collect(
          printed,
          () ->
              PostgresDatabase.builder(target)
                  .connectTimeout(Duration.ofSeconds(1))
                  .retryFor(Duration.ofMillis(200))
                  .build()
                  .store("run")
                  .open());
      collect(printed, () -> PostgresTarget.parse("postgresql://ratchet:" + PASSWORD + "@/"));
      PostgresTarget inQuery =
          PostgresTarget.parse("postgresql://ratchet@127.0.0.1:1/ratchet?password=" + PASSWORD);
      printed.add(inQuery.toString());
      printed.add(inQuery.display());
      collect(printed, () -> PostgresTarget.parse("mysql://ratchet:" + PASSWORD + "@host/db"));
      collect(
          printed,
          () -> PostgresTarget.parse("postgresql://ratchet:" + PASSWORD + "@host:notaport/db"));
    } finally {
      System.setErr(err);
      System.setOut(out);
    }
    printed.add(captured.toString(StandardCharsets.UTF_8));
    assertThat(printed).hasSizeGreaterThanOrEqualTo(9);
    assertThat(printed).noneMatch(text -> text.contains(PASSWORD));
    assertThat(String.join("\n", printed)).contains("127.0.0.1");
  }

  private static void collect(List<String> printed, Runnable action) {
    try {
      action.run();
      printed.add("no error");
    } catch (RuntimeException e) {
      StringWriter text = new StringWriter();
      e.printStackTrace(new PrintWriter(text));
      printed.add(text.toString());
    }
  }
}
