package dev.ratchet.cli;

import dev.ratchet.redis.RedisTarget;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

/** A plain Redis client for tests that need commands Ratchet's own API does not offer. */
final class RedisClients {
  private RedisClients() {}

  /**
   * A client of {@code target}'s server and database, with its user and password if it has them.
   */
  static RedisClient of(RedisTarget target) {
    RedisURI.Builder uri =
        RedisURI.builder()
            .withHost(target.host())
            .withPort(target.port())
            .withDatabase(target.database());
    if (target.password() != null) {
      if (target.user() != null) {
        uri.withAuthentication(target.user(), target.password().toCharArray());
      } else {
        uri.withPassword(target.password().toCharArray());
      }
    }
    return RedisClient.create(uri.build());
  }
}
