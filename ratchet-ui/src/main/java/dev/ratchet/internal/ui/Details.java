package dev.ratchet.internal.ui;

import dev.ratchet.ItemState;
import dev.ratchet.history.RunHistory;
import dev.ratchet.history.RunRecord;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.ItemRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The page of one run: its summary, failed items with their errors, interrupted or in-flight items,
 * items with memoized sub-steps, a pipeline's graph with each step's state and log tail, and the
 * checkpoint's history. Lists are bounded ({@link #LIST_LIMIT}).
 */
final class Details {
  static final int LIST_LIMIT = 200;
  static final int SUB_STEP_ITEMS = 50;
  static final int VALUE_CHARS = 500;
  static final Comparator<String> KEY_ORDER =
      Comparator.comparing((String key) -> key.chars().allMatch(Character::isDigit) ? 0 : 1)
          .thenComparingInt(String::length)
          .thenComparing(Comparator.naturalOrder());

  private final Summaries summaries;

  Details(Summaries summaries) {
    this.summaries = summaries;
  }

  /** The run page of checkpoint {@code checkpoint} (which may no longer exist). */
  Map<String, Object> of(String id, Path dir, LockProbe.Snapshot locks) {
    List<RunRecord> history = RunHistory.of(dir);
    Optional<RunRecord> lastRun =
        history.stream().filter(r -> RunRecord.RUN.equals(r.kind())).findFirst();
    Map<String, Object> json;
    if (FileStore.exists(dir)) {
      Checkpoint checkpoint = Checkpoint.read(id, dir, locks);
      json = summaries.of(checkpoint);
      if (checkpoint.readable()) {
        addContents(checkpoint, json);
      }
    } else {
      json = new LinkedHashMap<>();
      json.put("id", id);
      json.put("path", dir.toString());
      json.put("exists", false);
      json.put("state", lastRun.map(RunRecord::outcome).orElse("unknown"));
      history.stream()
          .filter(r -> r.steps() != null)
          .findFirst()
          .ifPresent(r -> json.put("graph", graphOf(r)));
    }
    json.put("history", history.subList(0, Math.min(history.size(), LIST_LIMIT)));
    json.put("command", lastRun.map(RunRecord::command).orElse(null));
    return json;
  }

  private void addContents(Checkpoint checkpoint, Map<String, Object> json) {
    CheckpointInfo info = checkpoint.info();
    List<CheckpointInfo.FailedItem> failed = new ArrayList<>(info.failed());
    failed.sort(Comparator.comparing(CheckpointInfo.FailedItem::key, KEY_ORDER));
    json.put("failed", failed.subList(0, Math.min(failed.size(), LIST_LIMIT)));
    List<String> unfinished = new ArrayList<>(info.interrupted());
    unfinished.sort(KEY_ORDER);
    json.put(checkpoint.live() ? "inFlight" : "interrupted", bounded(unfinished));
    Map<String, String> metadata = new TreeMap<>(info.metadata());
    metadata.remove(DagGraph.STRUCTURE);
    json.put("metadata", metadata);
    Map<String, ItemRecord> records = new HashMap<>();
    List<Map<String, Object>> subSteps = new ArrayList<>();
    boolean dag = checkpoint.isDag();
    FileStore.inspectRecords(
        checkpoint.dir(),
        record -> {
          if (dag) {
            records.put(record.key(), record);
          } else if (!record.steps().isEmpty() && subSteps.size() < SUB_STEP_ITEMS) {
            subSteps.add(subSteps(record));
          }
        });
    if (dag) {
      addGraph(checkpoint, records, json);
    } else {
      subSteps.sort(Comparator.comparing(s -> (String) s.get("key"), KEY_ORDER));
      json.put("subSteps", subSteps);
    }
  }

  private static Map<String, Object> subSteps(ItemRecord record) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("key", record.key());
    item.put("state", state(record.state()));
    item.put("attempts", record.attempts());
    List<Map<String, String>> steps = new ArrayList<>();
    new TreeMap<>(record.steps())
        .forEach((name, value) -> steps.add(Map.of("name", name, "value", cut(value))));
    item.put("steps", steps);
    return item;
  }

  private static void addGraph(
      Checkpoint checkpoint, Map<String, ItemRecord> records, Map<String, Object> json) {
    String structure = checkpoint.info().metadata().get(DagGraph.STRUCTURE);
    if (structure == null) {
      return;
    }
    DagGraph graph;
    try {
      graph = DagGraph.parse(structure);
    } catch (IOException e) {
      json.put("graphProblem", "the recorded DAG structure is unreadable: " + e.getMessage());
      return;
    }
    Map<String, List<String>> tails =
        StepLogs.tails(StepLogs.directoryOf(checkpoint.dir()), graph.nodes());
    Map<String, Map<String, Object>> details = new HashMap<>();
    for (String node : graph.nodes()) {
      Map<String, Object> detail = new LinkedHashMap<>();
      ItemRecord record = records.get(node);
      String state = record == null ? "pending" : state(record.state());
      if ("in_progress".equals(state)) {
        state = checkpoint.live() ? "running" : "interrupted";
      }
      detail.put("state", state);
      if (record != null) {
        detail.put("attempts", record.attempts());
        detail.put("error", record.error());
        detail.put("manual", record.manual());
      }
      detail.put("log", tails.getOrDefault(node, List.of()));
      details.put(node, detail);
    }
    Map<String, Object> drawn = new LinkedHashMap<>();
    drawn.put("nodes", graph.laidOut(details));
    drawn.put("edges", graph.edges());
    json.put("graph", drawn);
  }

  private static Map<String, Object> graphOf(RunRecord record) {
    DagGraph graph =
        new DagGraph(
            new ArrayList<>(record.steps().keySet()),
            record.edges() == null ? List.of() : record.edges());
    Map<String, Map<String, Object>> details = new HashMap<>();
    record.steps().forEach((node, state) -> details.put(node, Map.of("state", state)));
    record.failed().forEach(f -> details.put(f.key(), errorDetail(f)));
    Map<String, Object> drawn = new LinkedHashMap<>();
    drawn.put("nodes", graph.laidOut(details));
    drawn.put("edges", graph.edges());
    return drawn;
  }

  private static Map<String, Object> errorDetail(RunRecord.FailedItem failed) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("state", "failed");
    detail.put("error", failed.error());
    return detail;
  }

  static String state(ItemState state) {
    return state.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static List<String> bounded(List<String> list) {
    return list.subList(0, Math.min(list.size(), LIST_LIMIT));
  }

  private static String cut(String value) {
    return value.length() > VALUE_CHARS ? value.substring(0, VALUE_CHARS) + "…" : value;
  }
}
