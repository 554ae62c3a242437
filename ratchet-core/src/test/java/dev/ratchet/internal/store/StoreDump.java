package dev.ratchet.internal.store;

import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.StateCounts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** Everything observable about a checkpoint's state over a known set of keys, for comparisons. */
record StoreDump(
    Map<String, Optional<ItemRecord>> records,
    StateCounts counts,
    Map<String, String> metadata,
    Map<String, Long> positions,
    long doneOrdinalPrefix) {

  static StoreDump of(CheckpointStore store, List<String> keys) {
    return of(
        keys,
        store::get,
        store.counts(),
        store.metadata(),
        store.positions(),
        store.doneOrdinalPrefix());
  }

  static StoreDump of(LiveState state, List<String> keys) {
    return of(
        keys,
        state::get,
        state.counts(),
        state.metadata(),
        state.positions(),
        state.doneOrdinalPrefix());
  }

  private static StoreDump of(
      List<String> keys,
      Function<String, Optional<ItemRecord>> get,
      StateCounts counts,
      Map<String, String> metadata,
      Map<String, Long> positions,
      long prefix) {
    Map<String, Optional<ItemRecord>> records = new TreeMap<>();
    for (String key : keys) {
      records.put(key, get.apply(key));
    }
    return new StoreDump(
        records, counts, new TreeMap<>(metadata), new TreeMap<>(positions), prefix);
  }
}
