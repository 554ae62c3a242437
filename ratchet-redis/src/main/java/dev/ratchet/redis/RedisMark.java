package dev.ratchet.redis;

import dev.ratchet.ItemState;
import dev.ratchet.StoreUnavailableException;
import dev.ratchet.internal.redis.Scripts;
import io.lettuce.core.RedisException;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * An operator's mark of one item of a {@link RedisRun} ({@code ratchet mark --store redis://}), in
 * one script ({@code mark.lua}): DONE or SKIPPED finishes the item by hand, PENDING puts a finished
 * item back in the queue. An item a worker holds is refused.
 */
final class RedisMark {
  private RedisMark() {}

  static ItemState mark(
      RedisDatabase db, String prefix, String location, String key, ItemState state) {
    if (state != ItemState.DONE && state != ItemState.SKIPPED && state != ItemState.PENDING) {
      throw new IllegalArgumentException(
          "an item can be marked done, skipped or pending, not " + state);
    }
    List<String> reply;
    try {
      reply =
          Scripts.MARK.run(
              db.commands(),
              prefix,
              key,
              Integer.toString(state.code()),
              state == ItemState.SKIPPED ? "marked skipped by hand" : "");
    } catch (RedisException e) {
      throw new StoreUnavailableException(
          "marking item "
              + key
              + " in "
              + location
              + " failed ("
              + e.getMessage()
              + "); check that Redis is up",
          e);
    }
    String r = reply.get(0);
    switch (r) {
      case "!vanished":
        throw new IllegalStateException(
            location
                + " holds no loaded run (it was deleted, or Redis lost it); nothing was marked");
      case "!legacy":
        throw new UnsupportedOperationException(
            "it was loaded by an older Ratchet (one queue entry per item), which mark cannot"
                + " change; finish it with that version, or start it over with --fresh");
      case "!nokey":
        throw new NoSuchElementException("no item " + key + " in " + location);
      case "!busy":
        throw new IllegalStateException(
            "worker "
                + reply.get(1)
                + " is working on it now; wait until it is finished (or its worker stopped and its"
                + " lease ran out), then mark it");
      default:
        return ItemState.ofCode(Integer.parseInt(r));
    }
  }
}
