package dev.ratchet.dag;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The scenarios as DAGs with tasks that count their runs. */
final class Scenarios {
  final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

  static Dag flakyLoadDag() {
    return Dag.builder()
        .addEdge("extract", "transform")
        .addEdge("transform", "validate")
        .addEdge("validate", "load")
        .addEdge("load", "notify")
        .build();
  }

  /** extract → transform → validate → load → notify; load fails while {@code loadFails}. */
  Map<String, Task> flakyLoadTasks(boolean loadFails) {
    Map<String, Task> tasks = new LinkedHashMap<>();
    tasks.put("extract", counted("extract", ctx -> "extracted 1000 rows"));
    tasks.put(
        "transform",
        counted(
            "transform",
            ctx -> ctx.result("extract", String.class).replace("extracted", "transformed")));
    tasks.put("validate", counted("validate", ctx -> Map.of("valid", true, "rows", 1000)));
    tasks.put(
        "load",
        counted(
            "load",
            ctx -> {
              if (loadFails) {
                throw new IllegalStateException("database unavailable");
              }
              return ctx.resultJson("validate").get("rows").asInt();
            }));
    tasks.put("notify", counted("notify", ctx -> "loaded " + ctx.result("load", Integer.class)));
    return tasks;
  }

  static Dag fanDag() {
    return Dag.builder()
        .addEdge("source", "branch_a")
        .addEdge("source", "branch_b")
        .addEdge("source", "branch_c")
        .addEdge("branch_a", "join")
        .addEdge("branch_b", "join")
        .addEdge("branch_c", "join")
        .build();
  }

  Map<String, Task> fanTasks(boolean branchBFails) {
    Map<String, Task> tasks = new LinkedHashMap<>();
    tasks.put("source", counted("source", ctx -> List.of(1, 2, 3)));
    for (String branch : List.of("branch_a", "branch_b", "branch_c")) {
      tasks.put(
          branch,
          counted(
              branch,
              ctx -> {
                if (branchBFails && branch.equals("branch_b")) {
                  throw new RuntimeException("branch_b broke");
                }
                return ctx.result("source", int[].class).length;
              }));
    }
    tasks.put(
        "join",
        counted(
            "join",
            ctx -> ctx.upstream().stream().mapToInt(up -> ctx.result(up, Integer.class)).sum()));
    return tasks;
  }

  Task counted(String node, Task task) {
    return ctx -> {
      runs.computeIfAbsent(node, n -> new AtomicInteger()).incrementAndGet();
      return task.run(ctx);
    };
  }

  int runsOf(String node) {
    AtomicInteger count = runs.get(node);
    return count == null ? 0 : count.get();
  }

  Map<String, Integer> runCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    runs.forEach((k, v) -> counts.put(k, v.get()));
    return Collections.unmodifiableMap(counts);
  }
}
