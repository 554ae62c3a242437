package dev.ratchet.postgres;

import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh schema of the test PostgreSQL for one test class, with a {@link PostgresDatabase} on it
 * (migrated), closed and dropped after the class. Register it as {@code @RegisterExtension static
 * final PgSchema PG = new PgSchema();}.
 */
final class PgSchema implements BeforeAllCallback, AfterAllCallback {
  private String schema;
  private PostgresDatabase db;

  @Override
  public void beforeAll(ExtensionContext context) {
    schema = PgTestSupport.uniqueSchema();
    db = PostgresDatabase.builder(PgTestSupport.target().withSchema(schema)).build();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (db != null) {
      db.close();
      PgTestSupport.dropSchema(schema);
    }
  }

  /** The schema's name (unquoted). */
  String schema() {
    return schema;
  }

  PostgresDatabase db() {
    return db;
  }

  /** A run of {@code n} lines "item 0", "item 1", … loaded with fingerprint "fp". */
  PostgresRun loaded(String name, int n) {
    PostgresRun run = db.run(name);
    run.loadLines("fp", () -> IntStream.range(0, n).mapToObj(i -> "item " + i).iterator());
    return run;
  }
}
