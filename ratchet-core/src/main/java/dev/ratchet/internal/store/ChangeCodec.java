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
import java.util.List;

/**
 * The JSON payload of a commit record, streamed with Jackson (no tree per item): {@code
 * {"f":forced,"t":millis,"c":[change,...]}}. {@code f} (journal commits of format 2 only) is the
 * journal offset up to which the writer knew the file was forced when it wrote this record: a bad
 * record before that offset cannot be a torn write (see {@link JournalScanner}). Each change is an
 * object whose first field names its kind: {@code {"i":key,"s":state,"a":attempts,"n":
 * interruptions,"r":result,"e":error,"x":1}} for an item ({@code n}, {@code r}, {@code e}, {@code
 * x} only when set), {@code {"d":[start,end]}} and {@code {"w":[start,end]}} for ranges of ordinal
 * keys made DONE or IN_PROGRESS (see {@link ChangeRuns}), {@code {"st":key,"n":step,"v":value}} for
 * a sub-step, {@code {"p":name,"v":long}} for a position and {@code {"m":name,"v":value}} for
 * metadata. States are written by {@link ItemState#code()}.
 */
final class ChangeCodec {
  private static final JsonFactory JSON = new JsonFactory();

  /** The longest range one change may hold: more items than any one commit can carry. */
  private static final long MAX_RANGE = Integer.MAX_VALUE;

  /** {@code f} of a record that does not carry it. */
  static final long NO_FORCED_OFFSET = -1;

  private ChangeCodec() {}

  /** Encodes a commit without a forced offset (snapshots and first journal records). */
  static byte[] encode(long atMillis, List<? extends Change> changes) {
    return encode(atMillis, NO_FORCED_OFFSET, changes);
  }

  static byte[] encode(long atMillis, long forcedThrough, List<? extends Change> changes) {
    int entries = changes instanceof CompactChanges compact ? compact.parts() : changes.size();
    Writer writer = new Writer(atMillis, forcedThrough, 64 + entries * 8);
    ChangeRuns.visit(changes, writer);
    return writer.finish();
  }

  /** Writes one payload change by change (or range by range). */
  static final class Writer implements ChangeVisitor {
    private final ByteArrayBuilder out;
    private final JsonGenerator gen;

    Writer(long atMillis, long forcedThrough, int sizeHint) {
      out = new ByteArrayBuilder(sizeHint);
      try {
        gen = JSON.createGenerator(out);
        gen.writeStartObject();
        if (forcedThrough != NO_FORCED_OFFSET) {
          gen.writeNumberField("f", forcedThrough);
        }
        gen.writeNumberField("t", atMillis);
        gen.writeFieldName("c");
        gen.writeStartArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void change(Change change) {
      try {
        write(gen, change);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void doneRange(long start, long end) {
      range("d", start, end);
    }

    @Override
    public void workingRange(long start, long end) {
      range("w", start, end);
    }

    private void range(String kind, long start, long end) {
      try {
        gen.writeStartObject();
        gen.writeFieldName(kind);
        gen.writeStartArray();
        gen.writeNumber(start);
        gen.writeNumber(end);
        gen.writeEndArray();
        gen.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    byte[] finish() {
      try {
        gen.writeEndArray();
        gen.writeEndObject();
        gen.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }
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

  /**
   * Decodes a payload into {@code visitor} and returns its time; a malformed payload is an {@link
   * IllegalArgumentException} (the visitor may have seen part of it).
   */
  static long decode(byte[] payload, ChangeVisitor visitor) {
    try (JsonParser parser = JSON.createParser(payload)) {
      expect(parser.nextToken(), JsonToken.START_OBJECT);
      long at = 0;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("t")) {
          at = parser.getLongValue();
        } else if (field.equals("c")) {
          expect(value, JsonToken.START_ARRAY);
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            readChange(parser, visitor);
          }
        } else {
          parser.skipChildren();
        }
      }
      return at;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("malformed commit payload: " + e.getMessage(), e);
    }
  }

  /** The payload's forced offset {@code f}, or {@link #NO_FORCED_OFFSET}; never throws. */
  static long forcedThrough(byte[] payload) {
    try (JsonParser parser = JSON.createParser(payload)) {
      if (parser.nextToken() == JsonToken.START_OBJECT
          && parser.nextToken() == JsonToken.FIELD_NAME
          && parser.currentName().equals("f")
          && parser.nextToken() == JsonToken.VALUE_NUMBER_INT) {
        return parser.getLongValue();
      }
    } catch (IOException | RuntimeException e) {
      // not a readable commit: it carries no offset
    }
    return NO_FORCED_OFFSET;
  }

  private static void readChange(JsonParser parser, ChangeVisitor visitor) throws IOException {
    String kind = null;
    String key = null;
    String name = null;
    String text = null;
    long number = 0;
    long rangeStart = -1;
    long rangeEnd = -1;
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
        case "d", "w" -> {
          kind = field;
          expect(token, JsonToken.START_ARRAY);
          expect(parser.nextToken(), JsonToken.VALUE_NUMBER_INT);
          rangeStart = parser.getLongValue();
          expect(parser.nextToken(), JsonToken.VALUE_NUMBER_INT);
          rangeEnd = parser.getLongValue();
          expect(parser.nextToken(), JsonToken.END_ARRAY);
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
    switch (kind) {
      case "i" ->
          visitor.change(
              new Change.Item(
                  key, ItemState.ofCode(state), attempts, interruptions, result, error, manual));
      case "d", "w" -> {
        if (rangeStart < 0 || rangeEnd <= rangeStart || rangeEnd - rangeStart > MAX_RANGE) {
          throw new IllegalArgumentException("bad range [" + rangeStart + ", " + rangeEnd + ")");
        }
        if (kind.equals("d")) {
          visitor.doneRange(rangeStart, rangeEnd);
        } else {
          visitor.workingRange(rangeStart, rangeEnd);
        }
      }
      case "st" -> visitor.change(new Change.Step(key, name, text));
      case "p" -> visitor.change(new Change.Position(key, number));
      default -> visitor.change(new Change.Meta(key, text));
    }
  }

  private static void expect(JsonToken actual, JsonToken expected) {
    if (actual != expected) {
      throw new IllegalArgumentException("expected " + expected + " but found " + actual);
    }
  }
}
