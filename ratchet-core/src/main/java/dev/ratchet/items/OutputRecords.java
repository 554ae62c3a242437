package dev.ratchet.items;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The one way Ratchet writes an output record, {@code {"key":…,"input":…,"result":…}}: by the
 * JSON-lines sink of a local run and by the exports of PostgreSQL and Redis runs. An input that is
 * text holding bytes that are not UTF-8 ({@link ExactText}) is written as {@code
 * {"key":…,"input_base64":…,"result":…}} instead, with its exact bytes, so no byte is changed.
 */
public final class OutputRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The field names, encoded and quoted once (not once per record). */
  private static final SerializedString KEY = new SerializedString("key");

  private static final SerializedString INPUT = new SerializedString("input");
  private static final SerializedString INPUT_BASE64 = new SerializedString("input_base64");
  private static final SerializedString RESULT = new SerializedString("result");

  private OutputRecords() {}

  /** One record as JSON (without its newline), values converted by {@code mapper}. */
  public static byte[] line(ObjectMapper mapper, String key, Object input, Object result)
      throws JsonProcessingException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (JsonGenerator gen = mapper.getFactory().createGenerator(bytes)) {
      gen.writeStartObject();
      gen.writeStringField("key", key);
      writeInput(gen, mapper, input);
      gen.writeFieldName("result");
      gen.writeTree(mapper.valueToTree(result));
      gen.writeEndObject();
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Whether {@code value} is null, a string, an {@code Integer}, a {@code Long}, a {@code Boolean}
   * or a map of string keys to such values (as the command line's built-in transform returns): a
   * value {@link #writePlain(JsonGenerator, Object)} writes exactly as a default {@code
   * ObjectMapper}'s tree of it, without building the tree.
   */
  public static boolean isPlain(Object value) {
    if (isScalar(value)) {
      return true; // (before the test against Map, an interface, which scans the class's
      // supertypes)
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String) || !isScalar(entry.getValue())) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** Compares classes: these four are final, so that is what {@code instanceof} means for them. */
  private static boolean isScalar(Object value) {
    if (value == null) {
      return true;
    }
    Class<?> type = value.getClass();
    return type == String.class
        || type == Integer.class
        || type == Long.class
        || type == Boolean.class;
  }

  /** Writes a {@link #isPlain plain} value. */
  public static void writePlain(JsonGenerator gen, Object value) throws IOException {
    if (value == null) {
      gen.writeNull();
    } else if (value instanceof String text) {
      gen.writeString(text);
    } else if (value instanceof Integer number) {
      gen.writeNumber(number.intValue());
    } else if (value instanceof Long number) {
      gen.writeNumber(number.longValue());
    } else if (value instanceof Boolean flag) {
      gen.writeBoolean(flag);
    } else if (value instanceof Map<?, ?> map) {
      gen.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        gen.writeFieldName((String) entry.getKey());
        writePlain(gen, entry.getValue());
      }
      gen.writeEndObject();
    } else {
      throw new IllegalArgumentException("not a plain value: " + value.getClass().getName());
    }
  }

  /**
   * Writes one record whose input and result are {@link #isPlain plain} (without its newline), byte
   * for byte as {@link #line} with a default {@code ObjectMapper} writes it.
   */
  public static void writePlain(JsonGenerator gen, String key, Object input, Object result)
      throws IOException {
    gen.writeStartObject();
    gen.writeFieldName(KEY);
    gen.writeString(key);
    if (input instanceof String text && !ExactText.isUtf8(text)) {
      gen.writeFieldName(INPUT_BASE64);
      gen.writeString(ExactText.base64(text));
    } else {
      gen.writeFieldName(INPUT);
      writePlain(gen, input);
    }
    gen.writeFieldName(RESULT);
    writePlain(gen, result);
    gen.writeEndObject();
  }

  /**
   * Writes one record and its newline to {@code gen}, from what a store keeps: the input's text and
   * the result's JSON (a result that is not JSON is written as a string, null as null).
   */
  public static void write(JsonGenerator gen, String key, String input, String resultJson)
      throws IOException {
    gen.writeStartObject();
    gen.writeStringField("key", key);
    writeInput(gen, JSON, input);
    gen.writeFieldName("result");
    gen.writeTree(result(resultJson));
    gen.writeEndObject();
    gen.writeRaw('\n');
  }

  private static void writeInput(JsonGenerator gen, ObjectMapper mapper, Object input)
      throws IOException {
    if (input instanceof String text && !ExactText.isUtf8(text)) {
      gen.writeStringField("input_base64", ExactText.base64(text));
    } else {
      gen.writeFieldName("input");
      gen.writeTree(mapper.valueToTree(input));
    }
  }

  private static JsonNode result(String text) {
    if (text == null) {
      return JSON.nullNode();
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(text);
    }
  }
}
