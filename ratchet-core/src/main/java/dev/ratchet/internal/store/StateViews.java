package dev.ratchet.internal.store;

import dev.ratchet.ItemState;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.ItemKeys;
import dev.ratchet.store.MetaKeys;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Read-only views of a {@link LiveState}: interrupted keys and {@link CheckpointInfo}. */
final class StateViews {
  /** Orders ordinal keys numerically, before any other key, and other keys as text. */
  static final Comparator<String> KEY_ORDER = ItemKeys.ORDER;

  private StateViews() {}

  static List<String> interrupted(LiveState state) {
    List<String> keys = new ArrayList<>();
    state.forEachEntry(
        (key, entry) -> {
          if (entry.state == ItemState.IN_PROGRESS) {
            keys.add(key);
          }
        });
    state.compactWorking().forEachFrom(0, ordinal -> keys.add(Long.toString(ordinal)));
    keys.sort(KEY_ORDER);
    return keys;
  }

  static CheckpointInfo info(String location, LiveState state) {
    List<CheckpointInfo.FailedItem> failed = new ArrayList<>();
    state.forEachEntry(
        (key, entry) -> {
          if (entry.state == ItemState.FAILED) {
            failed.add(new CheckpointInfo.FailedItem(key, entry.error));
          }
        });
    failed.sort(Comparator.comparing(CheckpointInfo.FailedItem::key, KEY_ORDER));
    long lastCommit = state.lastCommitMillis();
    return new CheckpointInfo(
        location,
        true,
        state.metadata().get(MetaKeys.RUN_ID),
        FileHeader.FORMAT_VERSION,
        parseInstant(state.metadata().get(MetaKeys.CREATED)),
        lastCommit > 0 ? Instant.ofEpochMilli(lastCommit) : null,
        state.metadata().get(MetaKeys.INPUT_FINGERPRINT),
        state.counts(),
        failed,
        interrupted(state),
        state.metadata());
  }

  private static Instant parseInstant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
