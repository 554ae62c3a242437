package dev.ratchet.cli;

import dev.ratchet.redis.RedisTarget;
import dev.ratchet.testkit.TestServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.UUID;

/**
 * A Redis database held by one test class of one build: a key in database 0 names its holder and
 * expires on its own if the build dies. A test that sweeps a whole database (gc) claims one, so
 * that builds running at once on the same server never sweep each other's runs.
 */
final class RedisDatabaseClaim implements AutoCloseable {
  private static final int FIRST = 8;
  private static final int LAST = 15;
  private static final Duration HOLD = Duration.ofMinutes(15);

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final String key;
  private final String holder;
  private final int database;

  private RedisDatabaseClaim(
      RedisClient client,
      StatefulRedisConnection<String, String> connection,
      String key,
      String holder,
      int database) {
    this.client = client;
    this.connection = connection;
    this.key = key;
    this.holder = holder;
    this.database = database;
  }

  /** Waits up to two minutes for a free database among 8 to 15. */
  static RedisDatabaseClaim claim() {
    RedisTarget t = RedisTarget.parse(TestServices.redis());
    RedisClient client =
        RedisClients.of(new RedisTarget(t.host(), t.port(), 0, t.user(), t.password()));
    StatefulRedisConnection<String, String> connection = client.connect();
    String holder = UUID.randomUUID().toString();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      for (int db = FIRST; db <= LAST; db++) {
        String key = "ratchet-test:database-claim:" + db;
        SetArgs args = SetArgs.Builder.nx().px(HOLD.toMillis());
        if ("OK".equals(connection.sync().set(key, holder, args))) {
          return new RedisDatabaseClaim(client, connection, key, holder, db);
        }
      }
      sleep();
    }
    connection.close();
    client.shutdown();
    throw new IllegalStateException(
        "every Redis database from " + FIRST + " to " + LAST + " is claimed by another build");
  }

  int database() {
    return database;
  }

  @Override
  public void close() {
    try {
      if (holder.equals(connection.sync().get(key))) {
        connection.sync().del(key);
      }
    } finally {
      connection.close();
      client.shutdown();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a free Redis database", e);
    }
  }
}
