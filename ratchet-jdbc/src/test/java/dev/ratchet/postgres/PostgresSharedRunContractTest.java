package dev.ratchet.postgres;

import dev.ratchet.internal.jdbc.CheckpointSql;
import dev.ratchet.store.CooperativeWorker;
import dev.ratchet.store.SharedRun;
import dev.ratchet.testkit.SharedRunContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared-run contract against the real PostgreSQL: one schema for the class, and two pools on
 * it, so handles from {@link #sameRun} race as other processes would.
 */
class PostgresSharedRunContractTest extends SharedRunContract {
  static String schema;
  static PostgresDatabase db;
  static PostgresDatabase other;

  @BeforeAll
  static void connect() {
    schema = PgTestSupport.uniqueSchema();
    db = PostgresDatabase.connect(PgTestSupport.target().withSchema(schema));
    other = PostgresDatabase.connect(PgTestSupport.target().withSchema(schema));
  }

  @AfterAll
  static void cleanUp() {
    if (db != null) {
      other.close();
      db.close();
      PgTestSupport.dropSchema(schema);
    }
  }

  @Override
  protected SharedRun newRun(String name) {
    return db.run(name);
  }

  @Override
  protected SharedRun sameRun(SharedRun run) {
    return other.run(run.name());
  }

  @Override
  protected void kill(CooperativeWorker worker) {
    ((WorkerSession) worker).pauseHeartbeat();
  }

  @Override
  protected void dropUnderneath(SharedRun run) {
    db.tx()
        .run(
            "dropping " + run.name(),
            c -> {
              new CheckpointSql(db.tables(), run.name()).deleteRun(c, true);
              return null;
            });
  }
}
