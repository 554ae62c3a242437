package dev.ratchet.redis;

import static org.junit.jupiter.api.Assertions.fail;

import dev.ratchet.StoreUnavailableException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The local Redis the tests use ({@code RATCHET_TEST_REDIS}, default {@code
 * redis://127.0.0.1:6379/0}). Under CI ({@code CI=true}) an unreachable server fails the test;
 * elsewhere the test is skipped with a message saying why. Each test uses its own checkpoint names
 * and removes them afterwards.
 */
final class RedisTestSupport {
  static final String URL =
      System.getenv().getOrDefault("RATCHET_TEST_REDIS", "redis://127.0.0.1:6379/0");

  private RedisTestSupport() {}

  static RedisDatabase connect() {
    try {
      return RedisDatabase.connect(RedisTarget.parse(URL));
    } catch (StoreUnavailableException e) {
      String msg = e.getMessage() + " (set RATCHET_TEST_REDIS to use another server)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true requires Redis: " + msg);
      }
      Assumptions.abort(msg);
      throw e;
    }
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
