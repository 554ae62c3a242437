package dev.ratchet.internal.items;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputOrderTest {
  @TempDir Path dir;

  private static String record(long key, String result) {
    return "{\"key\":\"" + key + "\",\"input\":\"" + key + "\",\"result\":\"" + result + "\"}\n";
  }

  private Path write(List<String> records) throws IOException {
    Path file = dir.resolve("out.jsonl");
    Files.writeString(file, String.join("", records));
    return file;
  }

  @Test
  void aFileInOrderIsOnlyRead() throws IOException {
    List<String> records = new ArrayList<>();
    for (long key = 1; key <= 1000; key++) {
      records.add(record(key, "r"));
    }
    Path file = write(records);
    long modified = Files.getLastModifiedTime(file).toMillis();
    assertThat(OutputOrder.inOrder(file)).isTrue();
    OutputOrder.restore(file);
    assertThat(Files.readString(file)).isEqualTo(String.join("", records));
    assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
    assertThat(OutputOrder.inOrder(write(List.of()))).isTrue();
  }

  /** Each later run appends its retried items and the rest in order: several ascending runs. */
  @Test
  void runsAppendedByLaterRunsAreMergedIntoInputOrder() throws IOException {
    Random random = new Random(42);
    List<String> sorted = new ArrayList<>();
    List<List<String>> runs = new ArrayList<>();
    for (int r = 0; r < 7; r++) {
      runs.add(new ArrayList<>());
    }
    for (long key = 1; key <= 5000; key++) {
      // records longer than a read window (8 KiB) now and then
      String result = key % 997 == 0 ? "x".repeat(20_000) : "r" + key;
      sorted.add(record(key, result));
      runs.get(random.nextInt(runs.size())).add(record(key, result));
    }
    List<String> file = new ArrayList<>();
    runs.forEach(file::addAll);
    Path path = write(file);
    assertThat(OutputOrder.inOrder(path)).isFalse();
    OutputOrder.restore(path);
    assertThat(Files.readString(path)).isEqualTo(String.join("", sorted));
    assertThat(OutputOrder.inOrder(path)).isTrue();
  }

  @Test
  void aFileInReverseOrderIsSortedToo() throws IOException {
    List<String> sorted = new ArrayList<>();
    for (long key = 1; key <= 300; key++) {
      sorted.add(record(key, "r"));
    }
    List<String> reversed = new ArrayList<>(sorted);
    Collections.reverse(reversed);
    Path path = write(reversed);
    OutputOrder.restore(path);
    assertThat(Files.readString(path)).isEqualTo(String.join("", sorted));
  }

  @Test
  void keysThatAreNotLineNumbersAreLeftAsTheyAre() throws IOException {
    String text = record(2, "a") + "{\"key\":\"b\",\"result\":1}\n" + record(1, "c");
    Path path = write(List.of(text));
    assertThat(OutputOrder.inOrder(path)).isFalse();
    OutputOrder.restore(path);
    assertThat(Files.readString(path)).isEqualTo(text);
    Path noNewline = write(List.of(record(2, "a") + record(1, "b").strip()));
    OutputOrder.restore(noNewline);
    assertThat(Files.readString(noNewline)).isEqualTo(record(2, "a") + record(1, "b").strip());
  }

  /**
   * The writer skips reading back a file it wrote from empty in key order, and still puts in order
   * one whose keys it wrote out of order (a retried item after later ones).
   */
  @Test
  void theWriterPutsRecordsWrittenOutOfOrderInOrder() throws IOException {
    Path file = dir.resolve("written.jsonl");
    try (JsonLinesWriter writer = open(file)) {
      writer.write(outputs(0, 1, 2));
      writer.write(outputs(4, 5));
      writer.write(outputs(3));
      writer.complete();
    }
    assertThat(Files.readString(file))
        .isEqualTo(
            record(0, "0")
                + record(1, "1")
                + record(2, "2")
                + record(3, "3")
                + record(4, "4")
                + record(5, "5"));
    Path ordered = dir.resolve("ordered.jsonl");
    try (JsonLinesWriter writer = open(ordered)) {
      writer.write(outputs(7, 8));
      writer.write(outputs(10));
      writer.complete();
    }
    assertThat(Files.readString(ordered))
        .isEqualTo(record(7, "7") + record(8, "8") + record(10, "10"));
  }

  private static JsonLinesWriter open(Path file) throws IOException {
    return (JsonLinesWriter) dev.ratchet.items.Sinks.jsonLines(file).open(java.util.Map.of());
  }

  private static List<dev.ratchet.items.ItemOutput<Object, Object>> outputs(long... keys) {
    List<dev.ratchet.items.ItemOutput<Object, Object>> list = new ArrayList<>();
    for (long key : keys) {
      list.add(
          new dev.ratchet.items.ItemOutput<>(
              Long.toString(key), Long.toString(key), Long.toString(key)));
    }
    return list;
  }
}
