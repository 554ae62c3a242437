package dev.ratchet.internal.ui;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pipeline's graph laid out for drawing: each node's layer is the length of the longest path to
 * it from a root, so every edge points to a later layer; nodes within a layer are ordered by name.
 */
record DagGraph(List<String> nodes, List<List<String>> edges) {
  /** The metadata entry that holds the DAG's structure, {@code {"nodes":[…],"edges":[[a,b]…]}}. */
  static final String STRUCTURE = "dag.structure";

  /** Parses the structure a DAG checkpoint records in its metadata. */
  static DagGraph parse(String json) throws IOException {
    JsonNode tree = Json.MAPPER.readTree(json);
    List<String> nodes = new ArrayList<>();
    tree.path("nodes").forEach(n -> nodes.add(n.asText()));
    List<List<String>> edges = new ArrayList<>();
    tree.path("edges").forEach(e -> edges.add(List.of(e.get(0).asText(), e.get(1).asText())));
    return new DagGraph(nodes, edges);
  }

  /** Every node's layer, found in topological order (Kahn's algorithm, no recursion). */
  Map<String, Integer> layers() {
    Map<String, List<String>> children = new HashMap<>();
    Map<String, Integer> waiting = new HashMap<>();
    for (String node : nodes) {
      waiting.put(node, 0);
    }
    for (List<String> edge : edges) {
      children.computeIfAbsent(edge.get(0), k -> new ArrayList<>()).add(edge.get(1));
      waiting.merge(edge.get(1), 1, Integer::sum);
    }
    Map<String, Integer> layer = new HashMap<>();
    ArrayDeque<String> ready = new ArrayDeque<>();
    waiting.forEach(
        (node, count) -> {
          if (count == 0) {
            ready.add(node);
            layer.put(node, 0);
          }
        });
    while (!ready.isEmpty()) {
      String node = ready.poll();
      for (String child : children.getOrDefault(node, List.of())) {
        layer.merge(child, layer.get(node) + 1, Math::max);
        if (waiting.merge(child, -1, Integer::sum) == 0) {
          ready.add(child);
        }
      }
    }
    for (String node : nodes) {
      layer.putIfAbsent(node, 0); // only in a damaged structure with a cycle
    }
    return layer;
  }

  /**
   * The nodes for drawing, in layer order: name, layer, position in the layer, and whatever {@code
   * details} adds per node (its state, error, log tail).
   */
  List<Map<String, Object>> laidOut(Map<String, Map<String, Object>> details) {
    Map<String, Integer> layers = layers();
    Map<Integer, List<String>> byLayer = new TreeMap<>();
    for (String node : nodes) {
      byLayer.computeIfAbsent(layers.get(node), k -> new ArrayList<>()).add(node);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map.Entry<Integer, List<String>> entry : byLayer.entrySet()) {
      List<String> inLayer = entry.getValue();
      inLayer.sort(String::compareTo);
      for (int i = 0; i < inLayer.size(); i++) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", inLayer.get(i));
        node.put("layer", entry.getKey());
        node.put("order", i);
        node.putAll(details.getOrDefault(inLayer.get(i), Map.of()));
        out.add(node);
      }
    }
    return out;
  }
}
