package dev.ratchet.internal.items;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.items.ItemOutput;
import dev.ratchet.items.ItemSink;
import dev.ratchet.items.OutputRecords;
import dev.ratchet.items.Sinks;
import java.io.ByteArrayOutputStream;
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
 * The JSON-lines writer appends the usual record itself ({@link PlainRecords}); every record it
 * accepts must be byte for byte what the default mapper's generator writes, and a group handed over
 * as work with ordinal keys ({@link DoneItems}) must be written as the same group of outputs.
 */
class PlainRecordsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Every ASCII character alone, a few texts around them, numbers at their limits, maps. */
  private static List<Object> values() {
    List<Object> values = new ArrayList<>();
    for (char c = 0; c < 0x80; c++) {
      values.add(String.valueOf(c));
    }
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("a", 1);
    map.put("b \"q\"", "x");
    map.put("c", null);
    map.put("d", Long.MIN_VALUE);
    values.addAll(
        Arrays.asList(
            null,
            "",
            "item-7 https://example.org/r/1a2b",
            "ünï",
            "tab\there",
            0,
            -1,
            7,
            Integer.MIN_VALUE,
            Integer.MAX_VALUE,
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            -10L,
            true,
            false,
            Map.of(),
            Map.of("k", "v"),
            map,
            Map.of(1, "not a string key"),
            Map.of("list", List.of(1)),
            1.5));
    for (long power = 1; power <= 1_000_000_000_000_000_000L; power *= 10) {
      values.addAll(List.of(power - 1, power, -power, power + 1)); // every length of digits
    }
    values.addAll(List.of(Integer.MAX_VALUE + 1L, Long.MAX_VALUE - 1));
    return values;
  }

  @Test
  void everyAcceptedRecordIsWhatTheGeneratorWrites() throws Exception {
    List<Object> values = values();
    int accepted = 0;
    for (Object key : values) {
      if (!(key instanceof String text)) {
        continue;
      }
      for (Object value : values) {
        OutputBytes out = new OutputBytes();
        out.write('x'); // (a record is appended after what is there)
        if (PlainRecords.record(out, text, -1, value, value)) {
          accepted++;
          assertThat(Arrays.copyOfRange(out.array(), 1, out.size()))
              .as("key %s value %s", text, value)
              .isEqualTo(line(text, value, value));
        } else {
          assertThat(out.size()).isEqualTo(1);
        }
      }
    }
    OutputBytes out = new OutputBytes();
    assertThat(PlainRecords.record(out, null, 1234567, "item", 42)).isTrue();
    assertThat(out.toString())
        .isEqualTo("{\"key\":\"1234567\",\"input\":\"item\",\"result\":42}\n");
    assertThat(accepted).isGreaterThan(95 * 95);
  }

  @Test
  void aGroupOfWorkWithOrdinalKeysIsWrittenAsTheSameOutputs(@TempDir Path dir) throws Exception {
    List<Object> values = values();
    DoneItems<Object, Object> done = new DoneItems<>(2);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    long ordinal = 0;
    for (Object input : values) {
      WorkItem<Object> work = WorkItem.ofOrdinal(ordinal, input);
      Object result = values.get((int) ((ordinal * 7) % values.size()));
      done.add(work, result);
      expected.write(line(Long.toString(ordinal), input, result));
      ordinal += 3;
    }
    assertThat(done.get(1)).isEqualTo(new ItemOutput<>("3", values.get(1), values.get(21)));
    Path viaWork = dir.resolve("work.jsonl");
    Path viaOutputs = dir.resolve("outputs.jsonl");
    try (ItemSink.Writer<Object, Object> writer = Sinks.jsonLines(viaWork).open(Map.of())) {
      writer.write(done);
    }
    try (ItemSink.Writer<Object, Object> writer = Sinks.jsonLines(viaOutputs).open(Map.of())) {
      writer.write(new ArrayList<>(done));
    }
    assertThat(Files.readAllBytes(viaWork)).isEqualTo(expected.toByteArray());
    assertThat(Files.readAllBytes(viaOutputs)).isEqualTo(expected.toByteArray());
  }

  private static byte[] line(String key, Object input, Object result) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(OutputRecords.line(MAPPER, key, input, result));
    bytes.write('\n');
    return bytes.toByteArray();
  }
}
