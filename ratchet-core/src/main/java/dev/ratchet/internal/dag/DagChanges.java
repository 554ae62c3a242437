package dev.ratchet.internal.dag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.ratchet.dag.Dag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed between the DAG and node definitions a checkpoint was written for and the current
 * ones: nodes that are new, whose needs or definition changed, and (transitively) nodes downstream
 * of those, each with the reason in words; and nodes that are gone.
 *
 * @param changed the nodes to run again, in topological order, each with why
 * @param removed nodes of the recorded DAG that the current DAG does not have
 */
public record DagChanges(Map<String, String> changed, List<String> removed) {
  private static final int SHOWN_CHARS = 60;

  public DagChanges {
    changed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(changed));
    removed = List.copyOf(removed);
  }

  /**
   * Compares the recorded structure and definitions (JSON texts from the checkpoint's metadata,
   * either may be null for a checkpoint written before they were recorded) with the current ones.
   */
  public static DagChanges between(
      String recordedStructure,
      String recordedDefinitions,
      Dag dag,
      Map<String, Map<String, String>> definitions) {
    DagStructure before = recordedStructure == null ? null : DagStructure.parse(recordedStructure);
    Map<String, Map<String, String>> oldDefinitions =
        recordedDefinitions == null ? null : parseDefinitions(recordedDefinitions);
    Map<String, Set<String>> oldNeeds = before == null ? null : needsByNode(before);
    Map<String, String> changed = new LinkedHashMap<>();
    for (String node : dag.topologicalOrder()) {
      String reason = directChange(node, oldNeeds, oldDefinitions, dag, definitions);
      if (reason == null) {
        for (String up : dag.upstream(node)) {
          if (changed.containsKey(up)) {
            reason = "upstream '" + up + "' changed";
            break;
          }
        }
      }
      if (reason != null) {
        changed.put(node, reason);
      }
    }
    List<String> removed = new ArrayList<>();
    if (before != null) {
      for (String node : before.nodes()) {
        if (!dag.contains(node)) {
          removed.add(node);
        }
      }
    }
    return new DagChanges(changed, removed);
  }

  /** The definitions as stored in the checkpoint's metadata. */
  public static String definitionsJson(Map<String, Map<String, String>> definitions) {
    Map<String, Map<String, String>> sorted = new TreeMap<>();
    definitions.forEach((node, fields) -> sorted.put(node, new TreeMap<>(fields)));
    try {
      return Json.MAPPER.writeValueAsString(sorted);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean isEmpty() {
    return changed.isEmpty() && removed.isEmpty();
  }

  /** Each node of a recorded structure with the nodes it needs, sorted (one pass over edges). */
  private static Map<String, Set<String>> needsByNode(DagStructure before) {
    Map<String, Set<String>> needs = new HashMap<>();
    for (String node : before.nodes()) {
      needs.put(node, new TreeSet<>());
    }
    for (List<String> edge : before.edges()) {
      Set<String> of = needs.get(edge.get(1));
      if (of != null) {
        of.add(edge.get(0));
      }
    }
    return needs;
  }

  private static String directChange(
      String node,
      Map<String, Set<String>> oldNeedsByNode,
      Map<String, Map<String, String>> oldDefinitions,
      Dag dag,
      Map<String, Map<String, String>> definitions) {
    if (oldNeedsByNode == null) {
      return null;
    }
    Set<String> oldNeeds = oldNeedsByNode.get(node);
    if (oldNeeds == null) {
      return "new step";
    }
    Set<String> newNeeds = new TreeSet<>(dag.upstream(node));
    if (!oldNeeds.equals(newNeeds)) {
      return "needs: " + oldNeeds + " -> " + newNeeds;
    }
    if (oldDefinitions == null) {
      return null;
    }
    Map<String, String> was = oldDefinitions.getOrDefault(node, Map.of());
    Map<String, String> now = definitions.getOrDefault(node, Map.of());
    List<String> parts = new ArrayList<>();
    Set<String> fields = new TreeSet<>(was.keySet());
    fields.addAll(now.keySet());
    for (String field : fields) {
      if (!Objects.equals(was.get(field), now.get(field))) {
        parts.add(field + ": " + shown(was.get(field)) + " -> " + shown(now.get(field)));
      }
    }
    return parts.isEmpty() ? null : String.join("; ", parts);
  }

  private static String shown(String value) {
    if (value == null) {
      return "(none)";
    }
    String oneLine = value.strip().replace('\n', ' ');
    return "'"
        + (oneLine.length() > SHOWN_CHARS ? oneLine.substring(0, SHOWN_CHARS - 1) + "…" : oneLine)
        + "'";
  }

  private static Map<String, Map<String, String>> parseDefinitions(String json) {
    try {
      return Json.MAPPER.readValue(json, new TypeReference<Map<String, Map<String, String>>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "unreadable node definitions: " + e.getOriginalMessage(), e);
    }
  }
}
