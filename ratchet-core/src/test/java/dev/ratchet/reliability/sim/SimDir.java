package dev.ratchet.reliability.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * One simulated directory: the entries a reader sees, the entries that are durable, and the changes
 * made since the last fsync of the directory, in order. After a power cut a random prefix of those
 * changes has happened (journaled file systems keep metadata changes in order).
 */
final class SimDir {
  private final Map<String, SimNode> live = new HashMap<>();
  private final Map<String, SimNode> durable = new HashMap<>();
  private final List<Change> unsynced = new ArrayList<>();

  private record Change(String removed, String added, SimNode node) {
    void applyTo(Map<String, SimNode> entries) {
      if (removed != null) {
        entries.remove(removed);
      }
      if (added != null) {
        entries.put(added, node);
      }
    }
  }

  SimNode get(String name) {
    return live.get(name);
  }

  Set<String> names() {
    return new TreeSet<>(live.keySet());
  }

  void create(String name, SimNode node) {
    record(new Change(null, name, node));
  }

  void rename(String from, String to) {
    record(new Change(from, to, live.get(from)));
  }

  void remove(String name) {
    record(new Change(name, null, null));
  }

  void sync() {
    durable.clear();
    durable.putAll(live);
    unsynced.clear();
  }

  void putDurably(String name, SimNode node) {
    live.put(name, node);
    durable.put(name, node);
  }

  SimDir afterPowerLoss(Random random, Map<SimNode, SimNode> survivors) {
    Map<String, SimNode> entries = new HashMap<>(durable);
    int happened = random.nextInt(unsynced.size() + 1);
    for (int i = 0; i < happened; i++) {
      unsynced.get(i).applyTo(entries);
    }
    SimDir rebooted = new SimDir();
    entries.forEach(
        (name, node) ->
            rebooted.putDurably(
                name, survivors.computeIfAbsent(node, n -> n.afterPowerLoss(random))));
    return rebooted;
  }

  SimDir durableCopy(Map<SimNode, SimNode> copies) {
    SimDir copy = new SimDir();
    live.forEach(
        (name, node) ->
            copy.putDurably(
                name, copies.computeIfAbsent(node, n -> SimNode.durableOf(n.content()))));
    return copy;
  }

  private void record(Change change) {
    change.applyTo(live);
    unsynced.add(change);
  }
}
