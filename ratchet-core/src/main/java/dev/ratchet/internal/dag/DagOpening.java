package dev.ratchet.internal.dag;

import dev.ratchet.ItemState;
import dev.ratchet.dag.Dag;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.Commit;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.MetaKeys;
import dev.ratchet.store.Recovery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a DAG checkpoint for one call of the executor: starts it fresh if asked, writes the DAG's
 * structure and node definitions into a new one, and in an existing one finds what changed (new
 * nodes, changed needs or definitions, nodes named for a rerun, and everything downstream of them)
 * and resets those nodes to PENDING in the same commit that records the new definitions, so that a
 * crash before they ran cannot bring their old results back.
 */
public final class DagOpening {
  private static final Logger log = LoggerFactory.getLogger(DagOpening.class);

  /** Metadata key of the node definitions (JSON: node → field → value). */
  public static final String DEFINITIONS = "dag.definitions";

  /** Metadata key set once a call kept the checkpoint on purpose: later calls keep it too. */
  public static final String KEPT = "dag.kept";

  /**
   * An opened checkpoint.
   *
   * @param resumed whether a checkpoint existed before this call
   * @param changed nodes that run again although the checkpoint held them, with why
   * @param removed nodes the checkpoint held that the DAG no longer has
   * @param keep whether the checkpoint is to be kept after full success
   */
  public record Opened(
      CheckpointStore store,
      List<String> interrupted,
      boolean resumed,
      Map<String, String> changed,
      List<String> removed,
      boolean keep) {}

  private DagOpening() {}

  /**
   * @param rerun nodes named for a rerun (they and their descendants run again)
   * @param definitions what defines each node's result, field by field
   */
  public static Opened open(
      Dag dag,
      Supplier<? extends CheckpointStore> stores,
      boolean fresh,
      boolean keep,
      Set<String> rerun,
      Map<String, Map<String, String>> definitions) {
    CheckpointStore store = stores.get();
    Recovery recovery = store.open();
    if (fresh && !recovery.created()) {
      store.delete();
      store = stores.get();
      recovery = store.open();
    }
    recovery
        .tornTail()
        .ifPresent(
            t ->
                log.warn(
                    "cut a torn tail of {} bytes from {} at offset {}",
                    t.bytes(),
                    t.file(),
                    t.offset()));
    try {
      Map<String, String> metadata = store.metadata();
      boolean existing = metadata.get(MetaKeys.DAG_HASH) != null || store.counts().total() > 0;
      Map<String, String> changed = new LinkedHashMap<>();
      List<String> removed = List.of();
      List<Change> changes = new ArrayList<>();
      DagStructure structure = DagStructure.of(dag.nodes(), dag.edges());
      if (!existing) {
        changes.add(new Change.Meta(MetaKeys.SHAPE, NodeRecords.SHAPE));
        if (!metadata.containsKey(MetaKeys.RUN_ID)) {
          changes.add(new Change.Meta(MetaKeys.RUN_ID, UUID.randomUUID().toString()));
        }
      } else {
        NodeRecords.checkShape(store.location(), metadata);
        DagChanges found = changes(metadata, dag, structure, definitions);
        removed = found.removed();
        Set<String> named = dag.withDescendants(rerun);
        for (String node : dag.topologicalOrder()) {
          String reason = found.changed().get(node);
          if (reason == null && named.contains(node)) {
            reason = rerun.contains(node) ? "rerun asked for" : "downstream of a rerun";
          }
          ItemRecord record = store.get(node).orElse(null);
          boolean holdsWork =
              record != null && (record.state() != ItemState.PENDING || !record.steps().isEmpty());
          if (reason != null && holdsWork) {
            changes.addAll(NodeRecords.reset(node));
          } else if (reason == null && record != null && NodeRecords.legacyCause(record) != null) {
            changes.add(NodeRecords.withCode(record));
            log.info("node '{}': its skip record replayed with its cause code", node);
          }
          if (reason != null && (record != null || reason.equals("new step"))) {
            changed.put(node, reason);
          }
        }
      }
      putIfChanged(changes, metadata, MetaKeys.DAG_HASH, structure.hash());
      putIfChanged(changes, metadata, NodeRecords.STRUCTURE, structure.toJson());
      putIfChanged(changes, metadata, DEFINITIONS, DagChanges.definitionsJson(definitions));
      if (keep) {
        putIfChanged(changes, metadata, KEPT, "true");
      }
      if (!changes.isEmpty()) {
        store.commit(Commit.of(changes));
      }
      List<String> interrupted = new ArrayList<>();
      for (String key : recovery.interrupted()) {
        if (dag.contains(key)) {
          interrupted.add(key);
        }
      }
      boolean kept = keep || "true".equals(metadata.get(KEPT));
      return new Opened(store, interrupted, !recovery.created(), changed, removed, kept);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static DagChanges changes(
      Map<String, String> metadata,
      Dag dag,
      DagStructure structure,
      Map<String, Map<String, String>> definitions) {
    String recorded = metadata.get(NodeRecords.STRUCTURE);
    if (recorded == null && !structure.hash().equals(metadata.get(MetaKeys.DAG_HASH))) {
      // Written before structures were recorded: what changed cannot be told, so all of it runs.
      Map<String, String> all = new LinkedHashMap<>();
      dag.topologicalOrder().forEach(node -> all.put(node, "the DAG changed"));
      return new DagChanges(all, List.of());
    }
    return DagChanges.between(recorded, metadata.get(DEFINITIONS), dag, definitions);
  }

  private static void putIfChanged(
      List<Change> changes, Map<String, String> metadata, String key, String value) {
    if (!Objects.equals(metadata.get(key), value)) {
      changes.add(new Change.Meta(key, value));
    }
  }

  /** Refuses tasks for unknown nodes and nodes without a task. */
  public static void checkTasks(Dag dag, Set<String> given, Predicate<String> hasTask) {
    Set<String> unknown = new LinkedHashSet<>(given);
    unknown.removeAll(new HashSet<>(dag.nodes())); // a Set: removeAll over a List is quadratic
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "tasks given for nodes that are not in the DAG: "
              + unknown
              + "; remove them or add the nodes to the DAG");
    }
    List<String> missing = new ArrayList<>();
    for (String node : dag.nodes()) {
      if (!hasTask.test(node)) {
        missing.add(node);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "no task for nodes " + missing + "; every node of the DAG needs a task");
    }
  }
}
