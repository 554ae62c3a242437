package dev.ratchet.internal.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DagGraphTest {
  @Test
  void everyEdgePointsToALaterLayerAndLayersAreLongestPaths() throws Exception {
    DagGraph graph =
        DagGraph.parse(
            "{\"nodes\":[\"a\",\"b\",\"c\",\"d\",\"lone\"],"
                + "\"edges\":[[\"a\",\"b\"],[\"b\",\"c\"],[\"a\",\"c\"],[\"c\",\"d\"]]}");
    Map<String, Integer> layers = graph.layers();
    assertThat(layers).containsEntry("a", 0).containsEntry("b", 1).containsEntry("c", 2);
    assertThat(layers).containsEntry("d", 3).containsEntry("lone", 0);
    List<Map<String, Object>> nodes = graph.laidOut(Map.of("c", Map.of("state", "failed")));
    assertThat(nodes).extracting(n -> n.get("name")).containsExactly("a", "lone", "b", "c", "d");
    assertThat(nodes.get(1)).containsEntry("order", 1);
    assertThat(nodes.get(3)).containsEntry("state", "failed");
  }
}
