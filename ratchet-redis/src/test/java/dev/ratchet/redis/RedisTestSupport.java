package dev.ratchet.redis;

import dev.ratchet.testkit.TestServices;
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
}
