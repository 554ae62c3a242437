package dev.ratchet.internal.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.ratchet.ItemState;
import dev.ratchet.store.Change;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON payload of a commit record, streamed with Jackson (no tree per item): {@code
 * {"t":millis,"c":[change,...]}}. Each change is an object whose first field names its kind: {@code
 * {"i":key,"s":state,"a":attempts,"n":interruptions,"r":result,"e":error,"x":1}} for an item
 * ({@code n}, {@code r}, {@code e}, {@code x} only when set), {@code {"st":key,"n":step,
 * "v":value}} for a sub-step, {@code {"p":name,"v":long}} for a position and {@code
 * {"m":name,"v":value}} for metadata. States are written by {@link ItemState#code()}.
 */
final class ChangeCodec {
  private static final JsonFactory JSON = new JsonFactory();

  private ChangeCodec() {}

  /** A decoded payload. */
  record Decoded(long atMillis, List<Change> changes) {}

  static byte[] encode(long atMillis, List<? extends Change> changes) {
    ByteArrayBuilder out = new ByteArrayBuilder(64 + changes.size() * 40);
    try (JsonGenerator gen = JSON.createGenerator(out)) {
      gen.writeStartObject();
      gen.writeNumberField("t", atMillis);
      gen.writeFieldName("c");
      gen.writeStartArray();
      for (Change change : changes) {
        write(gen, change);
      }
      gen.writeEndArray();
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator gen, Change change) throws IOException {
    gen.writeStartObject();
    if (change instanceof Change.Item item) {
      gen.writeStringField("i", item.key());
      gen.writeNumberField("s", item.state().code());
      gen.writeNumberField("a", item.attempts());
      if (item.interruptions() != 0) {
        gen.writeNumberField("n", item.interruptions());
      }
      if (item.result() != null) {
        gen.writeStringField("r", item.result());
      }
      if (item.error() != null) {
        gen.writeStringField("e", item.error());
      }
      if (item.manual()) {
        gen.writeNumberField("x", 1);
      }
    } else if (change instanceof Change.Step step) {
      gen.writeStringField("st", step.key());
      gen.writeStringField("n", step.step());
      gen.writeStringField("v", step.value());
    } else if (change instanceof Change.Position position) {
      gen.writeStringField("p", position.name());
      gen.writeNumberField("v", position.value());
    } else if (change instanceof Change.Meta meta) {
      gen.writeStringField("m", meta.name());
      gen.writeStringField("v", meta.value());
    }
    gen.writeEndObject();
  }

  /** Decodes a payload; a malformed one is an {@link IllegalArgumentException}. */
  static Decoded decode(byte[] payload) {
    try (JsonParser parser = JSON.createParser(payload)) {
      expect(parser.nextToken(), JsonToken.START_OBJECT);
      long at = 0;
      List<Change> changes = new ArrayList<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("t")) {
          at = parser.getLongValue();
        } else if (field.equals("c")) {
          expect(value, JsonToken.START_ARRAY);
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            changes.add(readChange(parser));
          }
        } else {
          parser.skipChildren();
        }
      }
      return new Decoded(at, changes);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("malformed commit payload: " + e.getMessage(), e);
    }
  }

  private static Change readChange(JsonParser parser) throws IOException {
    String kind = null;
    String key = null;
    String name = null;
    String text = null;
    long number = 0;
    int state = -1;
    int attempts = 0;
    int interruptions = 0;
    String result = null;
    String error = null;
    boolean manual = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken token = parser.nextToken();
      switch (field) {
        case "i", "st", "p", "m" -> {
          kind = field;
          key = parser.getText();
        }
        case "s" -> state = parser.getIntValue();
        case "a" -> attempts = parser.getIntValue();
        case "n" -> {
          if (token == JsonToken.VALUE_STRING) {
            name = parser.getText();
          } else {
            interruptions = parser.getIntValue();
          }
        }
        case "r" -> result = parser.getText();
        case "e" -> error = parser.getText();
        case "x" -> manual = parser.getIntValue() != 0;
        case "v" -> {
          if (token == JsonToken.VALUE_NUMBER_INT) {
            number = parser.getLongValue();
          } else {
            text = token == JsonToken.VALUE_NULL ? null : parser.getText();
          }
        }
        default -> parser.skipChildren();
      }
    }
    if (kind == null) {
      throw new IllegalArgumentException("change without a kind");
    }
    return switch (kind) {
      case "i" ->
          new Change.Item(
              key, ItemState.ofCode(state), attempts, interruptions, result, error, manual);
      case "st" -> new Change.Step(key, name, text);
      case "p" -> new Change.Position(key, number);
      default -> new Change.Meta(key, text);
    };
  }

  private static void expect(JsonToken actual, JsonToken expected) {
    if (actual != expected) {
      throw new IllegalArgumentException("expected " + expected + " but found " + actual);
    }
  }
}
