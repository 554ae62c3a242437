package dev.ratchet.internal.redis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratchet.CheckpointDamagedException;
import dev.ratchet.ItemState;
import dev.ratchet.store.Change;
import dev.ratchet.store.ItemRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** JSON for the scripts: changes going in, item records coming out. */
public final class Codec {
  public static final ObjectMapper MAPPER =
      new ObjectMapper().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

  private Codec() {}

  public static String changes(List<Change> changes) {
    ArrayNode array = MAPPER.createArrayNode();
    for (Change change : changes) {
      ObjectNode c = array.addObject();
      if (change instanceof Change.Item i) {
        c.put("t", "i")
            .put("k", i.key())
            .put("s", i.state().code())
            .put("a", i.attempts())
            .put("i", i.interruptions())
            .put("m", i.manual());
        putIfPresent(c, "r", i.result());
        putIfPresent(c, "e", i.error());
      } else if (change instanceof Change.Step s) {
        c.put("t", "s").put("k", s.key()).put("n", s.step()).put("v", s.value());
      } else if (change instanceof Change.Position p) {
        c.put("t", "p").put("n", p.name()).put("v", Long.toString(p.value()));
      } else if (change instanceof Change.Meta m) {
        c.put("t", "m").put("n", m.name());
        putIfPresent(c, "v", m.value());
      }
    }
    return write(array);
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  /** The record stored for {@code key}; a malformed one is damage, named by its key. */
  public static ItemRecord record(String location, String key, String json) {
    try {
      JsonNode n = MAPPER.readTree(json);
      Map<String, String> steps = new HashMap<>();
      JsonNode st = n.get("st");
      if (st != null && st.isObject()) {
        st.properties().forEach(e -> steps.put(e.getKey(), e.getValue().asText()));
      }
      return new ItemRecord(
          key,
          ItemState.ofCode(n.path("s").asInt(-1)),
          n.path("a").asInt(),
          n.path("i").asInt(),
          text(n.get("r")),
          text(n.get("e")),
          n.path("m").asBoolean(),
          steps);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new CheckpointDamagedException(
          Path.of(location),
          0,
          "the record of item '" + key + "' cannot be read: " + e.getMessage());
    }
  }

  /** Ordinals per block of a shared run's items ({@code BLOCK} in {@code chunks.lua}). */
  public static final int BLOCK = 100;

  /** How a shared run stores an item in its block: {@code KLEN:KEYVLEN:INPUT}. */
  public static String slot(String key, String input) {
    return key.length() + ":" + key + input.length() + ":" + input;
  }

  /** The items of a block in order, each {key, input}; null for a duplicate key left out. */
  public static List<String[]> block(String block) {
    List<String[]> items = new ArrayList<>(BLOCK);
    int i = 0;
    try {
      while (i < block.length()) {
        if (block.charAt(i) == '-') {
          items.add(null);
          i++;
          continue;
        }
        int colon = block.indexOf(':', i);
        int end = colon + 1 + Integer.parseInt(block, i, colon, 10);
        String key = block.substring(colon + 1, end);
        colon = block.indexOf(':', end);
        i = colon + 1 + Integer.parseInt(block, end, colon, 10);
        items.add(new String[] {key, block.substring(colon + 1, i)});
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "a block of a shared run's items cannot be read at offset " + i + ": " + e, e);
    }
    return items;
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }
}
