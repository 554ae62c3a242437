package dev.ratchet.dag.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratchet.dag.NodeResult;
import dev.ratchet.dag.NodeStatus;
import dev.ratchet.internal.dag.Json;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Chrome trace-event JSON: one complete ("X") event per node that ran, on a track per worker, and
 * an instant ("i") event per restored node on a "restored" track.
 */
final class ChromeTrace {
  private ChromeTrace() {}

  static String of(Collection<NodeResult> results) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ArrayNode events = root.putArray("traceEvents");
    Map<String, Integer> tracks = new LinkedHashMap<>();
    tracks.put("restored", 0);
    for (NodeResult result : results) {
      if (result.status() == NodeStatus.NOT_RUN) {
        continue;
      }
      boolean restored = result.status() == NodeStatus.RESTORED;
      String track =
          restored ? "restored" : result.worker() == null ? "scheduler" : result.worker();
      int tid = tracks.computeIfAbsent(track, t -> tracks.size());
      ObjectNode event = events.addObject();
      event.put("name", result.node());
      event.put("cat", result.status().name().toLowerCase());
      event.put("ph", restored || result.durationMicros() == 0 ? "i" : "X");
      event.put("ts", result.startMicros());
      if (!restored && result.durationMicros() > 0) {
        event.put("dur", result.durationMicros());
      } else {
        event.put("s", "t");
      }
      event.put("pid", 1);
      event.put("tid", tid);
      ObjectNode args = event.putObject("args");
      args.put("status", result.status().name());
      args.put("restored", restored);
      args.put("attempts", result.attempts());
      if (result.error() != null) {
        args.put("error", result.error());
      }
    }
    tracks.forEach(
        (name, tid) -> {
          ObjectNode meta = events.addObject();
          meta.put("name", "thread_name");
          meta.put("ph", "M");
          meta.put("pid", 1);
          meta.put("tid", tid);
          meta.putObject("args").put("name", name);
        });
    root.put("displayTimeUnit", "ms");
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
