package dev.ratchet.redis;

import dev.ratchet.store.CheckpointStore;
import dev.ratchet.testkit.CheckpointStoreContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The shared store contract against the real local Redis. */
class RedisStoreContractTest extends CheckpointStoreContract {
  private static RedisDatabase db;
  private final List<String> names = new ArrayList<>();

  @BeforeAll
  static void connect() {
    db = RedisTestSupport.connect();
  }

  @AfterAll
  static void disconnect() {
    if (db != null) {
      db.close();
    }
  }

  @AfterEach
  void dropCheckpoints() {
    names.forEach(name -> RedisTestSupport.drop(db, name));
  }

  @Override
  protected CheckpointStore newStore() {
    names.add(RedisTestSupport.uniqueName("contract"));
    return reopen();
  }

  @Override
  protected CheckpointStore reopen() {
    return db.store(names.get(names.size() - 1));
  }

  @Override
  protected boolean tracksDoneOrdinalPrefix() {
    return false;
  }
}
