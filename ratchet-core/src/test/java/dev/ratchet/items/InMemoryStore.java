package dev.ratchet.items;

import dev.ratchet.ItemState;
import dev.ratchet.store.*;
import java.util.*;
import java.util.function.Consumer;

/** Temporary test-only store until the file store lands. */
final class InMemoryStore implements CheckpointStore {
  final Map<String, ItemRecord> records = new LinkedHashMap<>();
  final Map<String, String> meta = new HashMap<>();
  final Map<String, Long> pos = new HashMap<>();
  boolean opened;

  public String location() { return "memory"; }

  public synchronized Recovery open() {
    boolean created = !opened && meta.isEmpty();
    opened = true;
    List<String> interrupted = new ArrayList<>();
    records.values().forEach(r -> { if (r.state() == ItemState.IN_PROGRESS) interrupted.add(r.key()); });
    return new Recovery(created, interrupted, Optional.empty());
  }

  public synchronized void commit(Commit commit) {
    for (Change c : commit.changes()) {
      if (c instanceof Change.Item i) {
        ItemRecord old = records.get(i.key());
        Map<String, String> steps = old == null || i.state() == ItemState.DONE ? Map.of() : old.steps();
        records.put(i.key(), new ItemRecord(i.key(), i.state(), i.attempts(), i.interruptions(), i.result(), i.error(), i.manual(), steps));
      } else if (c instanceof Change.Step s) {
        ItemRecord old = records.get(s.key());
        Map<String, String> steps = new HashMap<>(old == null ? Map.of() : old.steps());
        steps.put(s.step(), s.value());
        records.put(s.key(), old == null ? new ItemRecord(s.key(), ItemState.PENDING, 0, 0, null, null, false, steps)
            : new ItemRecord(s.key(), old.state(), old.attempts(), old.interruptions(), old.result(), old.error(), old.manual(), steps));
      } else if (c instanceof Change.Position p) {
        pos.put(p.name(), p.value());
      } else if (c instanceof Change.Meta m) {
        if (m.value() == null) meta.remove(m.name()); else meta.put(m.name(), m.value());
      }
    }
  }

  public synchronized Optional<ItemRecord> get(String key) { return Optional.ofNullable(records.get(key)); }
  public synchronized void forEachRecord(Consumer<ItemRecord> action) { records.values().forEach(action); }
  public synchronized long doneOrdinalPrefix() {
    long n = 0;
    while (true) { ItemRecord r = records.get(Long.toString(n)); if (r == null || r.state() != ItemState.DONE) return n; n++; }
  }
  public synchronized StateCounts counts() {
    long[] c = new long[5];
    records.values().forEach(r -> c[r.state().code()]++);
    return new StateCounts(c[1], c[2], c[3], c[4]);
  }
  public synchronized Map<String, String> metadata() { return Map.copyOf(meta); }
  public synchronized Map<String, Long> positions() { return Map.copyOf(pos); }
  public CheckpointInfo info() { throw new UnsupportedOperationException(); }
  public void close() {}
  public synchronized void delete() { records.clear(); meta.clear(); pos.clear(); opened = false; }
}
