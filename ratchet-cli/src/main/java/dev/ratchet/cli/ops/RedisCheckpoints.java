package dev.ratchet.cli.ops;

import dev.ratchet.cli.ExitCodes;
import dev.ratchet.redis.RedisDatabase;
import dev.ratchet.redis.RedisTarget;
import dev.ratchet.store.CheckpointInfo;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What {@code status} and {@code clear} do for a checkpoint in Redis ({@code --store
 * redis://HOST:PORT/DB --run-id NAME}). Passwords in the URL are never printed.
 */
public final class RedisCheckpoints {
  private RedisCheckpoints() {}

  /** Whether {@code url} names a Redis server. */
  public static boolean isRedisUrl(String url) {
    return url != null && url.trim().toLowerCase(Locale.ROOT).startsWith("redis://");
  }

  /**
   * What checkpoint {@code name} holds, read without locking it; its metadata carries the server's
   * durability warning (see {@link StatusFormats}).
   */
  public static CheckpointInfo inspect(String url, String name) {
    return withDatabase(
        url,
        db -> {
          CheckpointInfo info = db.inspect(name);
          String warning = db.durability().warning();
          if (warning == null || !info.exists()) {
            return info;
          }
          Map<String, String> meta = new HashMap<>(info.metadata());
          meta.put(PrometheusStatus.DURABILITY_WARNING, warning);
          return new CheckpointInfo(
              info.location(),
              true,
              info.runId(),
              info.formatVersion(),
              info.created(),
              info.lastCommit(),
              info.inputFingerprint(),
              info.counts(),
              info.failed(),
              info.interrupted(),
              meta);
        });
  }

  /** Removes checkpoint {@code name} (refused while a writer holds it). */
  public static int clear(String url, String name, PrintWriter out) {
    return withDatabase(
        url,
        db -> {
          CheckpointInfo info = db.inspect(name);
          if (!info.exists()) {
            out.println(
                "No checkpoint '" + name + "' in " + db.target().display() + "; nothing to clear.");
            return ExitCodes.OK;
          }
          db.run(name).delete();
          out.println(
              "Removed checkpoint '"
                  + name
                  + "' from "
                  + db.target().display()
                  + " ("
                  + info.counts().done()
                  + " done, "
                  + info.counts().failed()
                  + " failed, "
                  + info.counts().skipped()
                  + " skipped).");
          return ExitCodes.OK;
        });
  }

  private static <T> T withDatabase(String url, Function<RedisDatabase, T> action) {
    try (RedisDatabase db = RedisDatabase.connect(RedisTarget.parse(url))) {
      return action.apply(db);
    }
  }
}
