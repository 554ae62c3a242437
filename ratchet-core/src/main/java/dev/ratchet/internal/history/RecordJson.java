package dev.ratchet.internal.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratchet.history.RunRecord;
import java.time.Instant;
import java.util.List;

/**
 * Writes a {@link RunRecord} as the JSON text the record's mapper writes for it (indented, fields
 * in the record's order, null fields left out, times as ISO-8601 text), from a tree built field by
 * field: the mapper's own serializer of the record is built by reflection on first use, which cost
 * a run that starts a fresh JVM about 80 ms at its end (more without a class-data archive).
 */
public final class RecordJson {
  private RecordJson() {}

  public static String write(RunRecord record) {
    ObjectNode node = HistoryFiles.JSON.createObjectNode();
    node.put("format", record.format());
    text(node, "kind", record.kind());
    text(node, "runId", record.runId());
    text(node, "shape", record.shape());
    text(node, "checkpoint", record.checkpoint());
    text(node, "outcome", record.outcome());
    time(node, "started", record.started());
    time(node, "ended", record.ended());
    if (record.counts() != null) {
      ObjectNode counts = node.putObject("counts");
      record.counts().forEach(counts::put);
    }
    node.put("processed", record.processed());
    if (record.failed() != null) {
      ArrayNode failed = node.putArray("failed");
      for (RunRecord.FailedItem item : record.failed()) {
        ObjectNode entry = failed.addObject();
        text(entry, "key", item.key());
        text(entry, "error", item.error());
      }
    }
    node.put("failedTotal", record.failedTotal());
    if (record.steps() != null) {
      ObjectNode steps = node.putObject("steps");
      record.steps().forEach(steps::put);
    }
    if (record.edges() != null) {
      ArrayNode edges = node.putArray("edges");
      for (List<String> edge : record.edges()) {
        texts(edges.addArray(), edge);
      }
    }
    if (record.input() != null) {
      ObjectNode input = node.putObject("input");
      text(input, "description", record.input().description());
      text(input, "fingerprint", record.input().fingerprint());
    }
    text(node, "output", record.output());
    if (record.command() != null) {
      texts(node.putArray("command"), record.command());
    }
    text(node, "workDir", record.workDir());
    text(node, "user", record.user());
    text(node, "host", record.host());
    node.put("pid", record.pid());
    text(node, "target", record.target());
    node.put("manual", record.manual());
    try {
      return HistoryFiles.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a run record could not be written as JSON", e);
    }
  }

  private static void text(ObjectNode node, String name, String value) {
    if (value != null) {
      node.put(name, value);
    }
  }

  private static void time(ObjectNode node, String name, Instant value) {
    if (value != null) {
      node.put(name, value.toString());
    }
  }

  private static void texts(ArrayNode array, List<String> values) {
    for (String value : values) {
      array.add(value);
    }
  }
}
