package dev.ratchet.postgres;

import dev.ratchet.store.CheckpointStore;
import dev.ratchet.testkit.CheckpointStoreContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared store contract against the real PostgreSQL: one run id per test, one schema. */
class PostgresStoreContractTest extends CheckpointStoreContract {
  static String schema;
  static PostgresDatabase db;
  private String runId;

  @BeforeAll
  static void connect() {
    schema = PgTestSupport.uniqueSchema();
    db = PostgresDatabase.connect(PgTestSupport.target().withSchema(schema));
  }

  @AfterAll
  static void cleanUp() {
    if (db != null) {
      db.close();
      PgTestSupport.dropSchema(schema);
    }
  }

  @Override
  protected CheckpointStore newStore() {
    runId = "contract-" + UUID.randomUUID();
    return db.store(runId);
  }

  @Override
  protected CheckpointStore reopen() {
    return db.store(runId);
  }
}
