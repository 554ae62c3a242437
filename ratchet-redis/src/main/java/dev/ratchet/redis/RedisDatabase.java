package dev.ratchet.redis;

import dev.ratchet.StoreUnavailableException;
import dev.ratchet.history.RunRecord;
import dev.ratchet.internal.redis.CheckpointReader;
import dev.ratchet.internal.redis.Keys;
import dev.ratchet.store.CheckpointInfo;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to one Redis database holding Ratchet checkpoints, each under a name:
 *
 * <pre>{@code
 * try (RedisDatabase redis = RedisDatabase.connect(RedisTarget.parse("redis://127.0.0.1:6379/0"))) {
 *   if (!redis.durability().survivesRestart()) log.warn(redis.durability().warning());
 *   try (RedisStore store = redis.store("nightly-import")) { ... }       // one writer
 *   RedisRun run = redis.run("crawl");                                  // many workers
 *   run.loadLines(fingerprint, lines);
 *   try (RedisWorker worker = run.join(Duration.ofSeconds(30))) { ... }
 * }
 * }</pre>
 *
 * <p><b>Durability.</b> Redis acknowledges a write once it is in memory; whether it survives a
 * Redis restart depends on the server's persistence settings, which {@link #connect} reads and
 * judges ({@link #durability()}), logging a warning when an acknowledged commit could be lost.
 *
 * <p>Thread-safe; one connection is shared (Lettuce multiplexes it).
 */
public final class RedisDatabase implements AutoCloseable {
  /** How many run records the history list keeps; older ones are trimmed as new ones come. */
  public static final int HISTORY_KEPT = 1000;

  private static final Logger log = LoggerFactory.getLogger(RedisDatabase.class);

  private final RedisTarget target;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisDurability durability;

  private RedisDatabase(
      RedisTarget target,
      RedisClient client,
      StatefulRedisConnection<String, String> connection,
      boolean warn) {
    this.target = target;
    this.client = client;
    this.connection = connection;
    this.durability = readDurability(connection.sync());
    if (warn && !durability.survivesRestart()) {
      log.warn("Redis at {}: {}", target.display(), durability.warning());
    }
  }

  /**
   * Connects (waiting at most 10 seconds) and reads the server's persistence settings.
   *
   * @throws StoreUnavailableException if the server cannot be reached
   */
  public static RedisDatabase connect(RedisTarget target) {
    return connect(target, true);
  }

  /**
   * Connects as {@link #connect} does, to read: the durability warning is not logged, because what
   * is read carries it ({@link RedisStore#DURABILITY_WARNING} in a checkpoint's metadata), so a
   * reader that shows it says it once.
   */
  public static RedisDatabase connectToRead(RedisTarget target) {
    return connect(target, false);
  }

  private static RedisDatabase connect(RedisTarget target, boolean warn) {
    Objects.requireNonNull(target, "target");
    RedisURI.Builder uri =
        RedisURI.builder()
            .withHost(target.host())
            .withPort(target.port())
            .withDatabase(target.database())
            .withTimeout(Duration.ofSeconds(10));
    if (target.password() != null) {
      if (target.user() != null) {
        uri.withAuthentication(target.user(), target.password().toCharArray());
      } else {
        uri.withPassword(target.password().toCharArray());
      }
    }
    RedisClient client = RedisClient.create(uri.build());
    try {
      return new RedisDatabase(target, client, client.connect(), warn);
    } catch (RedisException e) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      throw new StoreUnavailableException(
          "cannot reach Redis at "
              + target.display()
              + " ("
              + e.getMessage()
              + "); start it,"
              + " or check the host, port and password",
          e);
    }
  }

  /** What the server's persistence settings mean for acknowledged commits. */
  public RedisDurability durability() {
    return durability;
  }

  public RedisTarget target() {
    return target;
  }

  /** A single-writer store for checkpoint {@code name}, with a 30 second writer lease. */
  public RedisStore store(String name) {
    return store(name, Duration.ofSeconds(30));
  }

  /**
   * A single-writer store for checkpoint {@code name}. Its writer lock is a lease that a heartbeat
   * renews; a writer whose process dies frees it after {@code lease}.
   */
  public RedisStore store(String name, Duration lease) {
    return new RedisStore(this, Keys.prefix(name), name, lease);
  }

  /** A run of checkpoint {@code name} shared by cooperating workers. */
  public RedisRun run(String name) {
    return new RedisRun(this, Keys.prefix(name), name);
  }

  /** What checkpoint {@code name} holds, without locking or changing it. */
  public CheckpointInfo inspect(String name) {
    return new CheckpointReader(commands(), Keys.prefix(name), location(name)).info();
  }

  /** The names of the checkpoints in this database, sorted. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page =
          commands().scan(cursor, ScanArgs.Builder.matches(Keys.PATTERN).limit(500));
      for (String key : page.getKeys()) {
        String name = Keys.nameOfInfoKey(key);
        if (name != null) {
          names.add(name);
        }
      }
      cursor = page;
    } while (!cursor.isFinished());
    Collections.sort(names);
    return names;
  }

  /**
   * Adds a run record to this database's history, the list {@code ratchet:history} (newest first,
   * trimmed to the newest {@link #HISTORY_KEPT}); the record must hold no secrets.
   *
   * @throws StoreUnavailableException if the server cannot be reached
   */
  public void appendHistory(RunRecord record) {
    String json = record.toJson();
    try {
      RedisCommands<String, String> redis = commands();
      redis.lpush(Keys.HISTORY, json);
      redis.ltrim(Keys.HISTORY, 0, HISTORY_KEPT - 1);
    } catch (RedisException e) {
      throw new StoreUnavailableException(
          "cannot write a run history record to Redis at " + target.display() + ": " + e, e);
    }
  }

  /**
   * The newest {@code limit} run records of this database, newest first; unreadable ones are left
   * out.
   */
  public List<RunRecord> history(int limit) {
    List<String> texts;
    try {
      texts = commands().lrange(Keys.HISTORY, 0, Math.max(0, limit) - 1L);
    } catch (RedisException e) {
      throw new StoreUnavailableException(
          "cannot read the run history from Redis at " + target.display() + ": " + e, e);
    }
    List<RunRecord> records = new ArrayList<>();
    for (String text : limit <= 0 ? List.<String>of() : texts) {
      try {
        records.add(RunRecord.fromJson(text));
      } catch (IllegalArgumentException e) {
        // not a record of a format this version reads: left out
      }
    }
    records.sort((a, b) -> b.ended().compareTo(a.ended()));
    return records;
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  RedisCommands<String, String> commands() {
    return connection.sync();
  }

  String location(String name) {
    return target.display() + " run '" + name + "'";
  }

  private static RedisDurability readDurability(RedisCommands<String, String> redis) {
    try {
      // one parameter per CONFIG GET: Redis before 7.0 refuses several in one call
      return RedisDurability.of(
          configValue(redis, "appendonly"),
          configValue(redis, "appendfsync"),
          configValue(redis, "save"));
    } catch (RedisException e) {
      return RedisDurability.of(null, null, null);
    }
  }

  private static String configValue(RedisCommands<String, String> redis, String parameter) {
    return redis.configGet(parameter).get(parameter);
  }
}
