package dev.ratchet.internal.dag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.ratchet.dag.Edge;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The canonical form of a DAG's structure (sorted nodes and edges), its hash, and the difference
 * between two structures in words. Stored in the checkpoint's metadata so that a resume against a
 * changed DAG can say what changed.
 */
public record DagStructure(List<String> nodes, List<List<String>> edges) {

  public static DagStructure of(Collection<String> nodes, Collection<Edge> edges) {
    List<List<String>> edgeList = new ArrayList<>();
    for (Edge edge : edges) {
      edgeList.add(List.of(edge.from(), edge.to()));
    }
    edgeList.sort(
        (a, b) ->
            a.get(0).equals(b.get(0))
                ? a.get(1).compareTo(b.get(1))
                : a.get(0).compareTo(b.get(0)));
    return new DagStructure(List.copyOf(new TreeSet<>(nodes)), List.copyOf(edgeList));
  }

  public static DagStructure parse(String json) {
    try {
      return Json.MAPPER.readValue(json, new TypeReference<DagStructure>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("unreadable DAG structure: " + e.getOriginalMessage(), e);
    }
  }

  public String toJson() {
    try {
      return Json.MAPPER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SHA-256 of the canonical JSON, in hex. */
  public String hash() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(toJson().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What changed from {@code before} to this structure, e.g. "nodes added: [x]; edges removed: [a
   * -> b]".
   */
  public String describeChangesFrom(DagStructure before) {
    List<String> parts = new ArrayList<>();
    addDifference(parts, "nodes added", nodes, before.nodes);
    addDifference(parts, "nodes removed", before.nodes, nodes);
    addDifference(parts, "edges added", edgeTexts(edges), edgeTexts(before.edges));
    addDifference(parts, "edges removed", edgeTexts(before.edges), edgeTexts(edges));
    return parts.isEmpty() ? "the DAG structure hash differs" : String.join("; ", parts);
  }

  private static List<String> edgeTexts(List<List<String>> edges) {
    List<String> texts = new ArrayList<>();
    for (List<String> edge : edges) {
      texts.add(edge.get(0) + " -> " + edge.get(1));
    }
    return texts;
  }

  private static void addDifference(
      List<String> parts, String label, List<String> now, List<String> other) {
    Set<String> missing = new TreeSet<>(now);
    missing.removeAll(other);
    if (!missing.isEmpty()) {
      parts.add(label + ": " + missing);
    }
  }
}
