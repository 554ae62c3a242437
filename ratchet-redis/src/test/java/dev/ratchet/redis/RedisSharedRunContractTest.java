package dev.ratchet.redis;

import dev.ratchet.store.CooperativeWorker;
import dev.ratchet.store.SharedRun;
import dev.ratchet.testkit.SharedRunContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared-run contract against the real Redis: two connections, so handles from {@link #sameRun}
 * race as other processes would.
 */
class RedisSharedRunContractTest extends SharedRunContract {
  static RedisDatabase db;
  static RedisDatabase other;

  @BeforeAll
  static void connect() {
    db = RedisTestSupport.connect();
    other = RedisTestSupport.connect();
  }

  @AfterAll
  static void disconnect() {
    if (db != null) {
      other.close();
      db.close();
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
    ((RedisWorker) worker).pauseHeartbeat();
  }

  @Override
  protected void dropUnderneath(SharedRun run) {
    RedisTestSupport.drop(db, run.name());
  }
}
