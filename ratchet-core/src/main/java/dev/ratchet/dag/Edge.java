package dev.ratchet.dag;

import java.util.Objects;

/**
 * A dependency between two nodes of a {@link Dag}: {@code to} runs only after {@code from} has
 * completed, and may read {@code from}'s result.
 *
 * @param from the upstream node
 * @param to the downstream node
 */
public record Edge(String from, String to) {
  public Edge {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  public static Edge of(String from, String to) {
    return new Edge(from, to);
  }

  @Override
  public String toString() {
    return from + " -> " + to;
  }
}
