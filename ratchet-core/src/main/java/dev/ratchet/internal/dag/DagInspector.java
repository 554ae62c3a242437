package dev.ratchet.internal.dag;

import dev.ratchet.ItemState;
import dev.ratchet.dag.CheckpointInfo;
import dev.ratchet.dag.Dag;
import dev.ratchet.dag.Edge;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.MetaKeys;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reads a DAG checkpoint in a file store without locking it, for status displays. */
public final class DagInspector {
  private DagInspector() {}

  public static Optional<CheckpointInfo> inspect(Path dir) {
    var info = FileStore.inspect(dir);
    if (!info.exists()) {
      return Optional.of(
          new CheckpointInfo(
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
    Map<String, ItemState> states = new HashMap<>();
    FileStore.inspectRecords(
        dir,
        (ItemRecord record) -> {
          if (dag.contains(record.key())) {
            states.put(record.key(), record.state());
          }
        });
    return Optional.of(summarize(dir.toString(), dag, states::get, info.lastCommit()));
  }

  /** A checkpoint that does not exist. */
  public static CheckpointInfo absent(String location, Dag dag) {
    return new CheckpointInfo(
        location, false, List.of(), List.of(), List.of(), List.of(), null, 0, dag.nodes().size());
  }

  /** The nodes of {@code dag} grouped by their recorded state ({@code stateOf} null: no record). */
  public static CheckpointInfo summarize(
      String location, Dag dag, Function<String, ItemState> stateOf, Instant lastCommit) {
    Map<ItemState, List<String>> byState = new HashMap<>();
    int recorded = 0;
    for (String node : dag.topologicalOrder()) {
      ItemState state = stateOf.apply(node);
      if (state != null) {
        recorded++;
        byState.computeIfAbsent(state, s -> new ArrayList<>()).add(node);
      }
    }
    return new CheckpointInfo(
        location,
        true,
        byState.getOrDefault(ItemState.DONE, List.of()),
        byState.getOrDefault(ItemState.FAILED, List.of()),
        byState.getOrDefault(ItemState.SKIPPED, List.of()),
        byState.getOrDefault(ItemState.IN_PROGRESS, List.of()),
        lastCommit,
        recorded,
        dag.nodes().size());
  }
}
