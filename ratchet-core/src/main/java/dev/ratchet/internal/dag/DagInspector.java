package dev.ratchet.internal.dag;

import dev.ratchet.ItemState;
import dev.ratchet.dag.Dag;
import dev.ratchet.dag.DagCheckpointInfo;
import dev.ratchet.dag.Edge;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.MetaKeys;
import dev.ratchet.store.Recovery;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** Reads a DAG checkpoint in a file store without locking it, for status displays. */
public final class DagInspector {
  private DagInspector() {}

  public static Optional<DagCheckpointInfo> inspect(Path dir) {
    var info = FileStore.inspect(dir);
    if (!info.exists()) {
      return Optional.of(
          new DagCheckpointInfo(
              dir.toString(), false, List.of(), List.of(), List.of(), List.of(), null, 0, 0));
    }
    String structureJson = info.metadata().get(NodeRecords.STRUCTURE);
    if (!NodeRecords.SHAPE.equals(info.metadata().get(MetaKeys.SHAPE)) || structureJson == null) {
      return Optional.empty();
    }
    DagStructure structure = DagStructure.parse(structureJson);
    Dag.Builder builder = Dag.builder().addNodes(structure.nodes());
    structure.edges().forEach(edge -> builder.addEdges(List.of(Edge.of(edge.get(0), edge.get(1)))));
    Dag dag = builder.build();
    Map<String, ItemState> states = states(dir, dag);
    return Optional.of(summarize(dir.toString(), dag, states::get, info.lastCommit()));
  }

  /**
   * What the checkpoint holds per node of {@code dag}: read-only when it is a file store in {@code
   * dir} (works during a run), otherwise by opening a store from {@code stores}.
   */
  public static DagCheckpointInfo info(
      Dag dag, Path dir, Supplier<? extends CheckpointStore> stores) {
    if (dir != null) {
      return FileStore.exists(dir) ? inspect(dir, dag) : absent(dir.toString(), dag);
    }
    CheckpointStore store = stores.get();
    Recovery recovery = store.open();
    if (recovery.created()) {
      store.delete();
      return absent(store.location(), dag);
    }
    try {
      return summarize(
          store.location(),
          dag,
          node -> store.get(node).map(ItemRecord::state).orElse(null),
          store.info().lastCommit());
    } finally {
      store.close();
    }
  }

  /** The file-store checkpoint in {@code dir} summarized over {@code dag}'s nodes, read-only. */
  public static DagCheckpointInfo inspect(Path dir, Dag dag) {
    var info = FileStore.inspect(dir);
    Map<String, ItemState> states = states(dir, dag);
    return summarize(dir.toString(), dag, states::get, info.lastCommit());
  }

  /** A checkpoint that does not exist. */
  public static DagCheckpointInfo absent(String location, Dag dag) {
    return new DagCheckpointInfo(
        location, false, List.of(), List.of(), List.of(), List.of(), null, 0, dag.nodes().size());
  }

  /** The nodes of {@code dag} grouped by their recorded state ({@code stateOf} null: no record). */
  public static DagCheckpointInfo summarize(
      String location, Dag dag, Function<String, ItemState> stateOf, Instant lastCommit) {
    Map<ItemState, List<String>> byState = new HashMap<>();
    for (String node : dag.topologicalOrder()) {
      ItemState state = stateOf.apply(node);
      if (state != null) {
        byState.computeIfAbsent(state, s -> new ArrayList<>()).add(node);
      }
    }
    List<String> completed = byState.getOrDefault(ItemState.DONE, List.of());
    return new DagCheckpointInfo(
        location,
        true,
        completed,
        byState.getOrDefault(ItemState.FAILED, List.of()),
        byState.getOrDefault(ItemState.SKIPPED, List.of()),
        byState.getOrDefault(ItemState.IN_PROGRESS, List.of()),
        lastCommit,
        completed.size(),
        dag.nodes().size());
  }

  /** The state of each of {@code dag}'s nodes recorded in the checkpoint in {@code dir}. */
  private static Map<String, ItemState> states(Path dir, Dag dag) {
    Map<String, ItemState> states = new HashMap<>();
    FileStore.inspectRecords(
        dir,
        (ItemRecord record) -> {
          if (dag.contains(record.key())) {
            states.put(record.key(), record.state());
          }
        });
    return states;
  }
}
