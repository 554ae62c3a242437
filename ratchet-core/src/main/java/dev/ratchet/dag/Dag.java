package dev.ratchet.dag;

import dev.ratchet.internal.dag.DagStructure;
import dev.ratchet.internal.dag.Graphs;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable directed acyclic graph of named nodes. Node names are any non-empty text; they are
 * checkpoint keys and labels, never file names.
 *
 * <p>Build one with {@link #builder()} (where an edge declares its nodes) or {@link
 * #ofDependencies(Map)} (where every node is declared with what it needs, and naming an unknown
 * node is an error). Both refuse cycles with a message naming one.
 */
public final class Dag {
  private final List<String> nodes;
  private final List<Edge> edges;
  private final Map<String, List<String>> upstream;
  private final Map<String, List<String>> downstream;
  private final List<String> topologicalOrder;
  private final DagStructure structure;

  private Dag(List<String> nodes, List<Edge> edges) {
    this.nodes = List.copyOf(nodes);
    this.edges = List.copyOf(edges);
    Map<String, List<String>> up = new LinkedHashMap<>();
    Map<String, List<String>> down = new LinkedHashMap<>();
    for (String node : nodes) {
      up.put(node, new ArrayList<>());
      down.put(node, new ArrayList<>());
    }
    for (Edge edge : edges) {
      down.get(edge.from()).add(edge.to());
      up.get(edge.to()).add(edge.from());
    }
    up.replaceAll((k, v) -> List.copyOf(v));
    down.replaceAll((k, v) -> List.copyOf(v));
    this.upstream = Collections.unmodifiableMap(up);
    this.downstream = Collections.unmodifiableMap(down);
    List<String> order = Graphs.topologicalOrder(this.nodes, downstream).orElse(null);
    if (order == null) {
      List<String> cycle = Graphs.findCycle(this.nodes, downstream);
      throw new IllegalArgumentException(
          "the graph has a cycle: "
              + describeCycle(cycle)
              + "; a DAG cannot have cycles, remove one of these edges");
    }
    this.topologicalOrder = List.copyOf(order);
    this.structure = DagStructure.of(nodes, edges);
  }

  private static String describeCycle(List<String> cycle) {
    if (cycle.size() <= 12) {
      return String.join(" -> ", cycle);
    }
    return String.join(" -> ", cycle.subList(0, 10))
        + " -> ... ("
        + (cycle.size() - 1)
        + " nodes) -> "
        + cycle.get(cycle.size() - 1);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A DAG from each node's dependencies, in the map's iteration order: {@code {"load":
   * ["transform"], "transform": []}}. A dependency that is not a key of the map is an error.
   */
  public static Dag ofDependencies(Map<String, ? extends Collection<String>> needs) {
    Builder builder = builder();
    needs.keySet().forEach(builder::addNode);
    needs.forEach(
        (node, deps) -> {
          for (String dep : deps) {
            if (!needs.containsKey(dep)) {
              throw new IllegalArgumentException(
                  "node '"
                      + node
                      + "' needs '"
                      + dep
                      + "', which is not a node; known nodes: "
                      + needs.keySet());
            }
            builder.addEdge(dep, node);
          }
        });
    return builder.build();
  }

  /** Every node, in the order it was first declared. */
  public List<String> nodes() {
    return nodes;
  }

  /** How many nodes the DAG has. */
  public int nodeCount() {
    return nodes.size();
  }

  public List<Edge> edges() {
    return edges;
  }

  public boolean contains(String node) {
    return upstream.containsKey(node);
  }

  /** The direct upstream nodes of {@code node}. */
  public List<String> upstream(String node) {
    return require(upstream, node);
  }

  /** The direct downstream nodes of {@code node}. */
  public List<String> downstream(String node) {
    return require(downstream, node);
  }

  /** Nodes ordered so that every node comes after its upstream nodes. */
  public List<String> topologicalOrder() {
    return topologicalOrder;
  }

  /** The given nodes and all nodes downstream of them, transitively. */
  public Set<String> withDescendants(Collection<String> roots) {
    for (String root : roots) {
      require(upstream, root);
    }
    return Collections.unmodifiableSet(
        Graphs.withDescendants(new LinkedHashSet<>(roots), downstream));
  }

  /**
   * A hash of the structure (node names and edges, independent of declaration order). The
   * checkpoint records it; resuming against a DAG with a different hash is refused.
   */
  public String structureHash() {
    return structure.hash();
  }

  /** The canonical structure, for the executor's checkpoint metadata. */
  DagStructure structure() {
    return structure;
  }

  private static List<String> require(Map<String, List<String>> map, String node) {
    List<String> list = map.get(node);
    if (list == null) {
      throw new IllegalArgumentException("unknown node '" + node + "'");
    }
    return list;
  }

  @Override
  public String toString() {
    return "Dag" + edges + " nodes=" + nodes;
  }

  /**
   * Collects nodes and edges. {@link #addEdge} declares both of its nodes; {@link #addNode}
   * declares a node without edges. Declaring the same node twice with {@code addNode}, or the same
   * edge twice, is an error.
   */
  public static final class Builder {
    private final Set<String> nodes = new LinkedHashSet<>();
    private final Set<String> explicitNodes = new HashSet<>();
    private final Set<Edge> edges = new LinkedHashSet<>();

    private Builder() {}

    public Builder addNode(String node) {
      checkName(node);
      if (!explicitNodes.add(node)) {
        throw new IllegalArgumentException(
            "node '" + node + "' added twice; node names must be unique");
      }
      nodes.add(node);
      return this;
    }

    public Builder addNodes(Collection<String> names) {
      names.forEach(this::addNode);
      return this;
    }

    public Builder addEdge(String from, String to) {
      checkName(from);
      checkName(to);
      Edge edge = Edge.of(from, to);
      if (!edges.add(edge)) {
        throw new IllegalArgumentException("edge " + edge + " added twice");
      }
      nodes.add(from);
      nodes.add(to);
      return this;
    }

    public Builder addEdges(Collection<Edge> newEdges) {
      newEdges.forEach(edge -> addEdge(edge.from(), edge.to()));
      return this;
    }

    /**
     * Validates and builds the DAG.
     *
     * @throws IllegalArgumentException if the graph is empty or has a cycle (the message names it)
     */
    public Dag build() {
      if (nodes.isEmpty()) {
        throw new IllegalArgumentException("a DAG needs at least one node");
      }
      return new Dag(new ArrayList<>(nodes), new ArrayList<>(edges));
    }

    private static void checkName(String node) {
      Objects.requireNonNull(node, "node name");
      if (node.isEmpty()) {
        throw new IllegalArgumentException("node names must not be empty");
      }
    }
  }
}
