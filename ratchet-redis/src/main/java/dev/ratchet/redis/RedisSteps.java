package dev.ratchet.redis;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.ratchet.StoreUnavailableException;
import dev.ratchet.internal.redis.Codec;
import dev.ratchet.internal.redis.Keys;
import dev.ratchet.internal.redis.Scripts;
import dev.ratchet.store.ClaimedItem;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.util.Map;

/**
 * The sub-step values of a shared run's items in Redis: one hash, {@code <prefix>:steps}, whose
 * field is an item's key and whose value is a JSON object of step name to value (JSON text), so
 * that a worker that takes an item over after a crash resumes after its last stored step. A value
 * is stored only while the item's claim token is the one the worker holds ({@code save_step.lua}).
 * The hash goes with the run ({@code delete.lua}). Thread-safe.
 */
final class RedisSteps {
  private static final TypeReference<Map<String, String>> STEPS = new TypeReference<>() {};

  private final RedisDatabase db;
  private final String prefix;
  private final String location;

  RedisSteps(RedisDatabase db, String prefix, String location) {
    this.db = db;
    this.prefix = prefix;
    this.location = location;
  }

  Map<String, String> steps(ClaimedItem item) {
    String raw =
        call(
            "reading the sub-steps of " + item.key() + " in",
            () -> db.commands().hget(Keys.key(prefix, "steps"), item.key()));
    if (raw == null) {
      return Map.of();
    }
    try {
      return Codec.MAPPER.readValue(raw, STEPS);
    } catch (IOException e) {
      throw new StoreUnavailableException(
          "the sub-steps of item "
              + item.key()
              + " in "
              + location
              + " are not the JSON Ratchet writes ("
              + e.getMessage()
              + "); delete the run's steps key or start the run fresh",
          e);
    }
  }

  /** Stores a step's value; false if another worker took the item over. */
  boolean save(ClaimedItem item, String step, String value) {
    Long stored =
        call(
            "storing sub-step " + step + " of " + item.key() + " in",
            () ->
                Scripts.SAVE_STEP.run(
                    db.commands(), prefix, item.key(), Long.toString(item.token()), step, value));
    if (stored < 0) {
      throw new StoreUnavailableException(
          "storing sub-step "
              + step
              + " of "
              + item.key()
              + " in "
              + location
              + " failed: the run's data vanished (it was deleted, or Redis lost it: a restart"
              + " without persistence, a flush or eviction). Start the workers again with --input"
              + " to load it anew");
    }
    return stored == 1;
  }

  private <T> T call(String doing, java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (RedisException e) {
      throw new StoreUnavailableException(
          doing + " " + location + " failed (" + e.getMessage() + "); check that Redis is up", e);
    }
  }
}
