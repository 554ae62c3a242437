package dev.ratchet.items;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON-lines writer writes plain values (strings, integers, longs, booleans, null) through one
 * generator per batch; every line must be byte for byte what {@link OutputRecords#line} writes.
 */
class JsonLinesPlainTest {
  private static final String NOT_UTF8 = ExactText.decode(new byte[] {'a', (byte) 0xff}, 0, 2);

  private static final List<Object> VALUES =
      Arrays.asList(
          null,
          "",
          "plain",
          "quote \" backslash \\ tab \t newline \n control \u0001",
          "ünïcødé ✓ 𝄞",
          NOT_UTF8,
          0,
          -7,
          Integer.MAX_VALUE,
          Long.MIN_VALUE,
          42L,
          true,
          false,
          Map.of("nested", List.of(1, 2)),
          plainMap(),
          Map.of(1, "integer key"),
          Map.of(),
          1.5,
          List.of("a"));

  /** A map as the command line's built-in transform returns it, in its insertion order. */
  private static Map<String, Object> plainMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("upper", "ÜBER \"QUOTED\"");
    map.put("words", 2);
    map.put("big", Long.MAX_VALUE);
    map.put("none", null);
    map.put("ok", true);
    map.put("ключ", "value");
    return map;
  }

  @Test
  void recordLinesAreWhatLineWrites(@TempDir Path dir) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<ItemOutput<Object, Object>> outputs = new ArrayList<>();
    ByteArrayOutputStream expectedBytes = new ByteArrayOutputStream();
    int n = 0;
    for (Object input : VALUES) {
      for (Object result : VALUES) {
        String key = Integer.toString(n++);
        outputs.add(new ItemOutput<>(key, input, result));
        expectedBytes.write(OutputRecords.line(mapper, key, input, result));
        expectedBytes.write('\n');
      }
    }
    Path file = dir.resolve("out.jsonl");
    Map<String, Long> positions = write(Sinks.jsonLines(file), outputs);
    assertThat(Files.readAllBytes(file)).isEqualTo(expectedBytes.toByteArray());
    assertThat(positions.get(JsonLinesSink.POSITION)).isEqualTo(expectedBytes.size());
  }

  @Test
  void resultLinesAreWhatTheMapperWrites(@TempDir Path dir) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<ItemOutput<Object, Object>> outputs = new ArrayList<>();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    int n = 0;
    for (Object result : VALUES) {
      outputs.add(new ItemOutput<>(Integer.toString(n++), "in", result));
      expected.write(mapper.writeValueAsBytes(result));
      expected.write('\n');
    }
    Path file = dir.resolve("results.jsonl");
    write(Sinks.jsonLines(file).resultsOnly(), outputs);
    assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
  }

  @Test
  void aMapperWithItsOwnSerializersIsObeyed(@TempDir Path dir) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    SimpleModule module = new SimpleModule("shout");
    module.addSerializer(
        String.class,
        new StdSerializer<>(String.class) {
          @Override
          public void serialize(
              String value,
              com.fasterxml.jackson.core.JsonGenerator gen,
              com.fasterxml.jackson.databind.SerializerProvider provider)
              throws IOException {
            gen.writeString(value.toUpperCase(java.util.Locale.ROOT));
          }
        });
    mapper.registerModule(module);
    Path file = dir.resolve("shout.jsonl");
    write(
        Sinks.jsonLines(file).mapper(mapper),
        List.of(new ItemOutput<>("0", "quiet", "words"), new ItemOutput<>("1", "x", 3)));
    assertThat(Files.readString(file))
        .isEqualTo(
            "{\"key\":\"0\",\"input\":\"QUIET\",\"result\":\"WORDS\"}\n"
                + "{\"key\":\"1\",\"input\":\"X\",\"result\":3}\n");
  }

  private static Map<String, Long> write(
      ItemSink<Object, Object> sink, List<ItemOutput<Object, Object>> outputs) throws IOException {
    try (ItemSink.Writer<Object, Object> writer = sink.open(Map.of())) {
      return writer.write(outputs);
    }
  }

  @Test
  void aDigestHookGetsTheSizeAndCrcOfTheFinishedFile(@TempDir Path dir) throws Exception {
    Path in = Fixtures.input(dir, 50);
    Path out = dir.resolve("out.jsonl");
    List<long[]> digests = new ArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean failing =
        new java.util.concurrent.atomic.AtomicBoolean();
    ItemPipeline<String, Object> pipeline =
        ItemPipeline.<String, Object>builder()
            .source(Sources.lines(in))
            .processor(
                line -> {
                  if (failing.get() && line.equals("item-30")) {
                    throw new IllegalStateException("not yet");
                  }
                  return line.length();
                })
            .sink(
                Sinks.jsonLines(out)
                    .onSuccess((file, bytes, crc) -> digests.add(new long[] {bytes, crc})))
            .checkpoint(dir.resolve("ckpt"))
            .batchSize(7)
            .build();

    // written by one run: the writer hashed what it wrote
    assertThat(pipeline.run().succeeded()).isTrue();
    assertThat(digests).hasSize(1);
    assertThat(digests.get(0)).containsExactly(Files.size(out), crc(Files.readAllBytes(out)));

    // written by two runs (item 30 fails in the first): the file is read for its digest
    digests.clear();
    failing.set(true);
    ItemPipeline<String, Object> fresh =
        ItemPipeline.<String, Object>builder()
            .source(Sources.lines(in))
            .processor(
                line -> {
                  if (failing.get() && line.equals("item-30")) {
                    throw new IllegalStateException("not yet");
                  }
                  return line.length();
                })
            .sink(
                Sinks.jsonLines(out)
                    .onSuccess((file, bytes, crc) -> digests.add(new long[] {bytes, crc})))
            .checkpoint(dir.resolve("ckpt"))
            .batchSize(7)
            .fresh()
            .build();
    assertThat(fresh.run().succeeded()).isFalse();
    assertThat(digests).isEmpty();
    failing.set(false);
    assertThat(pipeline.run().succeeded()).isTrue();
    assertThat(digests).hasSize(1);
    assertThat(Fixtures.keys(out)).hasSize(50);
    assertThat(digests.get(0)).containsExactly(Files.size(out), crc(Files.readAllBytes(out)));
  }

  private static long crc(byte[] bytes) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(bytes);
    return crc.getValue();
  }
}
