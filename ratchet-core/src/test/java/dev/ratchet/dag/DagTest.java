package dev.ratchet.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.dag.render.DagRenderer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DagTest {

  @Test
  void buildsFromEdgesAndNodesInDependencyOrder() {
    Dag dag =
        Dag.builder()
            .addEdge("extract", "transform")
            .addEdge("transform", "validate")
            .addNodes(List.of("a", "b"))
            .addEdges(List.of(Edge.of("a", "b")))
            .build();
    assertThat(dag.nodes()).containsExactly("extract", "transform", "validate", "a", "b");
    assertThat(dag.upstream("validate")).containsExactly("transform");
    assertThat(dag.downstream("a")).containsExactly("b");
    List<String> order = dag.topologicalOrder();
    assertThat(order.indexOf("extract")).isLessThan(order.indexOf("transform"));
    assertThat(order.indexOf("transform")).isLessThan(order.indexOf("validate"));
    assertThat(dag.withDescendants(List.of("transform")))
        .containsExactlyInAnyOrder("transform", "validate");
  }

  @Test
  void cycleIsRefusedWithTheCycleNamed() {
    assertThatThrownBy(
            () ->
                Dag.builder()
                    .addEdge("start", "a")
                    .addEdge("a", "b")
                    .addEdge("b", "c")
                    .addEdge("c", "a")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cycle: a -> b -> c -> a");
    assertThatThrownBy(() -> Dag.builder().addEdge("x", "x").build())
        .hasMessageContaining("cycle: x -> x");
  }

  @Test
  void edgeToUnknownNodeIsRefused() {
    Map<String, List<String>> needs = new LinkedHashMap<>();
    needs.put("extract", List.of());
    needs.put("load", List.of("trnsform"));
    assertThatThrownBy(() -> Dag.ofDependencies(needs))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node 'load' needs 'trnsform', which is not a node");
  }

  @Test
  void duplicateNodesAndEdgesAreRefused() {
    assertThatThrownBy(() -> Dag.builder().addNodes(List.of("a", "a")))
        .hasMessageContaining("node 'a' added twice");
    assertThatThrownBy(() -> Dag.builder().addEdge("a", "b").addEdge("a", "b"))
        .hasMessageContaining("edge a -> b added twice");
    assertThatThrownBy(() -> Dag.builder().build()).hasMessageContaining("at least one node");
    assertThatThrownBy(() -> Dag.builder().addNode("")).hasMessageContaining("must not be empty");
  }

  @Test
  void structureHashIgnoresDeclarationOrderButNotStructure() {
    Dag one = Dag.builder().addEdge("a", "b").addEdge("a", "c").build();
    Dag two = Dag.builder().addEdge("a", "c").addEdge("a", "b").build();
    Dag three = Dag.builder().addEdge("a", "b").addEdge("b", "c").build();
    assertThat(one.structureHash()).isEqualTo(two.structureHash()).hasSize(64);
    assertThat(one.structureHash()).isNotEqualTo(three.structureHash());
  }

  @Test
  void dotAndMermaidQuoteArbitraryNodeNames() {
    Dag dag = Dag.builder().addEdge("say \"hi\"", "a\\b").addEdge("a\\b", "x<y>#").build();
    assertThat(DagRenderer.dot(dag))
        .contains("\"say \\\"hi\\\"\" -> \"a\\\\b\";")
        .startsWith("digraph dag {");
    assertThat(DagRenderer.mermaid(dag))
        .startsWith("flowchart LR")
        .contains("n0[\"say #quot;hi#quot;\"]")
        .contains("n2[\"x#lt;y#gt;#35;\"]")
        .contains("n0 --> n1");
  }

  @Test
  void deepChainsDoNotOverflowTheStack() {
    Dag.Builder builder = Dag.builder();
    for (int i = 0; i < 20_000; i++) {
      builder.addEdge("n" + i, "n" + (i + 1));
    }
    builder.addEdge("n20000", "n0");
    assertThatThrownBy(builder::build).hasMessageContaining("cycle: n0 -> n1 -> ");
  }
}
