package dev.ratchet.internal.dag;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Graph algorithms over adjacency lists keyed by node name. */
public final class Graphs {
  private Graphs() {}

  /**
   * Kahn's algorithm: a topological order keeping the given node order among ready nodes, or empty
   * if there is a cycle.
   */
  public static Optional<List<String>> topologicalOrder(
      List<String> nodes, Map<String, List<String>> downstream) {
    Map<String, Integer> indegree = new HashMap<>();
    for (String node : nodes) {
      indegree.putIfAbsent(node, 0);
      for (String next : downstream.getOrDefault(node, List.of())) {
        indegree.merge(next, 1, Integer::sum);
      }
    }
    Deque<String> ready = new ArrayDeque<>();
    for (String node : nodes) {
      if (indegree.get(node) == 0) {
        ready.add(node);
      }
    }
    List<String> order = new ArrayList<>(nodes.size());
    while (!ready.isEmpty()) {
      String node = ready.poll();
      order.add(node);
      for (String next : downstream.getOrDefault(node, List.of())) {
        if (indegree.merge(next, -1, Integer::sum) == 0) {
          ready.add(next);
        }
      }
    }
    return order.size() == nodes.size() ? Optional.of(order) : Optional.empty();
  }

  /** One cycle as a closed path {@code a, b, c, a}, or an empty list if there is none. */
  public static List<String> findCycle(List<String> nodes, Map<String, List<String>> downstream) {
    Set<String> finished = new HashSet<>();
    for (String start : nodes) {
      if (finished.contains(start)) {
        continue;
      }
      // Iterative DFS keeping the current path so that deep graphs do not overflow the stack.
      LinkedHashSet<String> onPath = new LinkedHashSet<>();
      Deque<String> pathNodes = new ArrayDeque<>();
      Deque<Integer> nextChild = new ArrayDeque<>();
      pathNodes.push(start);
      nextChild.push(0);
      onPath.add(start);
      while (!pathNodes.isEmpty()) {
        String node = pathNodes.peek();
        List<String> children = downstream.getOrDefault(node, List.of());
        int index = nextChild.pop();
        if (index < children.size()) {
          nextChild.push(index + 1);
          String child = children.get(index);
          if (onPath.contains(child)) {
            return closedPath(onPath, child);
          }
          if (!finished.contains(child)) {
            pathNodes.push(child);
            nextChild.push(0);
            onPath.add(child);
          }
        } else {
          pathNodes.pop();
          onPath.remove(node);
          finished.add(node);
        }
      }
    }
    return List.of();
  }

  private static List<String> closedPath(LinkedHashSet<String> onPath, String repeated) {
    List<String> cycle = new ArrayList<>();
    boolean inCycle = false;
    for (String node : onPath) {
      inCycle |= node.equals(repeated);
      if (inCycle) {
        cycle.add(node);
      }
    }
    cycle.add(repeated);
    return Collections.unmodifiableList(cycle);
  }

  /** The given nodes and every node reachable from them. */
  public static Set<String> withDescendants(
      Set<String> roots, Map<String, List<String>> downstream) {
    Set<String> seen = new LinkedHashSet<>(roots);
    Deque<String> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      for (String next : downstream.getOrDefault(todo.poll(), List.of())) {
        if (seen.add(next)) {
          todo.add(next);
        }
      }
    }
    return seen;
  }
}
