package dev.ratchet.dag.render;

import dev.ratchet.dag.Dag;
import dev.ratchet.dag.Edge;
import dev.ratchet.dag.NodeStatus;
import java.util.HashMap;
import java.util.Map;

/** Graphviz DOT and Mermaid renderings of a DAG, optionally colored by node status. */
final class GraphExport {
  private GraphExport() {}

  static String dot(Dag dag, Map<String, NodeStatus> states) {
    StringBuilder out =
        new StringBuilder(
            "digraph dag {\n"
                + "  rankdir=LR;\n"
                + "  node [shape=box, style=\"rounded,filled\", fillcolor=white];\n");
    for (String node : dag.nodes()) {
      NodeStatus status = states.get(node);
      out.append("  ").append(dotQuote(node));
      if (status != null) {
        out.append(" [label=")
            .append(dotQuote(node + "\n" + status.name().toLowerCase()))
            .append(", fillcolor=\"")
            .append(color(status))
            .append("\"]");
      }
      out.append(";\n");
    }
    for (Edge edge : dag.edges()) {
      out.append("  ")
          .append(dotQuote(edge.from()))
          .append(" -> ")
          .append(dotQuote(edge.to()))
          .append(";\n");
    }
    return out.append("}\n").toString();
  }

  static String mermaid(Dag dag, Map<String, NodeStatus> states) {
    StringBuilder out = new StringBuilder("flowchart LR\n");
    Map<String, String> ids = new HashMap<>();
    for (String node : dag.nodes()) {
      String id = "n" + ids.size();
      ids.put(node, id);
      NodeStatus status = states.get(node);
      String label = status == null ? node : node + " (" + status.name().toLowerCase() + ")";
      out.append("  ").append(id).append("[\"").append(mermaidEscape(label)).append("\"]");
      if (status != null) {
        out.append(":::").append(status.name().toLowerCase());
      }
      out.append('\n');
    }
    for (Edge edge : dag.edges()) {
      out.append("  ")
          .append(ids.get(edge.from()))
          .append(" --> ")
          .append(ids.get(edge.to()))
          .append('\n');
    }
    if (!states.isEmpty()) {
      for (NodeStatus status : NodeStatus.values()) {
        out.append("  classDef ")
            .append(status.name().toLowerCase())
            .append(" fill:")
            .append(color(status))
            .append('\n');
      }
    }
    return out.toString();
  }

  private static String color(NodeStatus status) {
    return switch (status) {
      case SUCCEEDED -> "#b7e4b0";
      case RESTORED -> "#b0d4f1";
      case FAILED -> "#f4a6a6";
      case SKIPPED -> "#dddddd";
      case NOT_RUN -> "#ffffff";
    };
  }

  static String dotQuote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> {}
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }

  static String mermaidEscape(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("#quot;");
        case '<' -> out.append("#lt;");
        case '>' -> out.append("#gt;");
        case '#' -> out.append("#35;");
        case '\n', '\r' -> out.append(' ');
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
