package dev.ratchet.redis;

import dev.ratchet.testkit.TestServices;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The Redis the tests use: {@link TestServices#redis()} (the server named by {@code
 * RATCHET_TEST_REDIS}, the local one, or an embedded one). Each test uses its own checkpoint names
 * and removes them afterwards.
 */
final class RedisTestSupport {
  private RedisTestSupport() {}

  static String url() {
    return TestServices.redis();
  }

  static RedisDatabase connect() {
    return RedisDatabase.connect(RedisTarget.parse(url()));
  }

  static String uniqueName(String what) {
    return "test-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Removes every key of checkpoint {@code name}, whoever holds its lock. */
  static void drop(RedisDatabase db, String name) {
    List<String> keys = db.commands().keys("ratchet:{" + name + "}:*");
    if (!keys.isEmpty()) {
      db.commands().del(keys.toArray(String[]::new));
    }
  }

  /** A connection for one test and the checkpoints it named, each dropped at {@link #close()}. */
  static final class Runs implements AutoCloseable {
    final RedisDatabase db = connect();
    private final List<String> names = new ArrayList<>();

    /** A new checkpoint name of its own, dropped at close. */
    String name(String what) {
      String name = uniqueName(what);
      names.add(name);
      return name;
    }

    @Override
    public void close() {
      names.forEach(name -> drop(db, name));
      db.close();
    }
  }
}
