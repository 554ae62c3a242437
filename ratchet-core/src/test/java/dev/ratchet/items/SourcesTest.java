package dev.ratchet.items;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.RatchetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesTest {
  @TempDir Path dir;

  private static List<SourceItem<String>> readAll(ItemSource<String> source, SeekPoint from) {
    List<SourceItem<String>> items = new ArrayList<>();
    try (ItemSource.Cursor<String> cursor = source.open(from)) {
      cursor.forEachRemaining(items::add);
    }
    return items;
  }

  @Test
  void linesAreKeyedByOrdinalWithCrLfAndAMissingLastNewlineHandled() throws Exception {
    Path file = Files.writeString(dir.resolve("in.txt"), "alpha\r\n\nγάμμα\nlast");
    ItemSource<String> source = Sources.lines(file);

    List<SourceItem<String>> items = readAll(source, SeekPoint.START);

    assertThat(items).extracting(SourceItem::value).containsExactly("alpha", "", "γάμμα", "last");
    assertThat(items).extracting(SourceItem::key).containsExactly("0", "1", "2", "3");
    assertThat(items.get(2).next())
        .isEqualTo(new SeekPoint(3, 8 + "γάμμα\n".getBytes(StandardCharsets.UTF_8).length));
    assertThat(items.get(3).next().offset()).isEqualTo(Files.size(file));
    assertThat(source.inspect().total()).hasValue(4);
    assertThat(source.inspect().ordinalKeys()).isTrue();
  }

  @Test
  void linesAcrossTheReadBufferOrLongerThanItComeBackWhole() throws Exception {
    List<String> lines = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() < 300_000; i++) {
      String line = "line " + i + " " + "x".repeat(i % 7 == 0 ? 70_000 : i * 37 % 5000);
      lines.add(line);
      text.append(line).append('\n');
    }
    Path file = Files.writeString(dir.resolve("long.txt"), text);

    List<SourceItem<String>> items = readAll(Sources.lines(file), SeekPoint.START);

    assertThat(items).extracting(SourceItem::value).isEqualTo(lines);
    assertThat(items.get(items.size() - 1).next().offset()).isEqualTo(Files.size(file));
  }

  @Test
  void openingAtASeekPointReadsFromThatLine() throws Exception {
    Path file = Files.writeString(dir.resolve("in.txt"), "a\nbb\nccc\n");
    ItemSource<String> source = Sources.lines(file);

    List<SourceItem<String>> items = readAll(source, new SeekPoint(2, 5));

    assertThat(items).extracting(SourceItem::key).containsExactly("2");
    assertThat(items).extracting(SourceItem::value).containsExactly("ccc");
  }

  @Test
  void aSeekPointInsideALineIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("in.txt"), "a\nbb\nccc\n");

    assertThatThrownBy(() -> Sources.lines(file).open(new SeekPoint(2, 4)))
        .isInstanceOf(RatchetException.class)
        .hasMessageContaining("is not the start of a line");
  }

  @Test
  void theFingerprintChangesWithTheContentAndNotOtherwise() throws Exception {
    Path file = Files.writeString(dir.resolve("in.txt"), "a\nb\n");
    String first = Sources.lines(file).inspect().fingerprint();
    assertThat(Sources.lines(file).inspect().fingerprint()).isEqualTo(first);

    Files.writeString(file, "a\nc\n");

    assertThat(Sources.lines(file).inspect().fingerprint()).isNotEqualTo(first).contains("size=4");
  }

  @Test
  void anEmptyFileHasNoLines() throws Exception {
    Path file = Files.createFile(dir.resolve("empty.txt"));

    assertThat(Sources.lines(file).inspect().total()).hasValue(0);
    assertThat(readAll(Sources.lines(file), SeekPoint.START)).isEmpty();
  }

  @Test
  void anIterableIsKeyedByItsFunctionAndAStreamIsReadOnce() {
    ItemSource<Integer> iterable = Sources.of(List.of(3, 1, 2), n -> "k" + n);
    List<String> keys = new ArrayList<>();
    try (var cursor = iterable.open(SeekPoint.START)) {
      cursor.forEachRemaining(item -> keys.add(item.key()));
    }
    assertThat(keys).containsExactly("k3", "k1", "k2");
    assertThat(iterable.inspect().total()).hasValue(3);
    assertThat(iterable.inspect().fingerprint()).isNull();

    ItemSource<String> stream = Sources.of(Stream.of("x"), s -> s);
    stream.open(SeekPoint.START).close();
    assertThatThrownBy(() -> stream.open(SeekPoint.START))
        .hasMessageContaining("a stream source can be read by one run only");
  }

  @Test
  void aFileRewrittenInPlaceAfterItsInspectionIsRefusedAtTheEndOfTheRead() throws Exception {
    Path file = Files.writeString(dir.resolve("in.txt"), "a\nbb\nccc\n");
    ItemSource<String> source = Sources.lines(file);
    source.inspect();
    // same size, same file (no truncation, no rename): only the content differs
    try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap("X".getBytes(StandardCharsets.UTF_8)), 0);
    }

    assertThatThrownBy(() -> readAll(source, SeekPoint.START))
        .isInstanceOf(RatchetException.class)
        .hasMessageContaining("changed while the run read it")
        .hasMessageContaining("its content differs from when the run started");
    // a cursor that did not read from the start, or a source never inspected, cannot tell
    assertThat(readAll(source, new SeekPoint(1, 2))).hasSize(2);
    assertThat(readAll(Sources.lines(file), SeekPoint.START))
        .extracting(SourceItem::value)
        .containsExactly("X", "bb", "ccc");
  }

  @Test
  void aFileReadWholeAsInspectedIsAccepted() throws Exception {
    Path file = Files.writeString(dir.resolve("in.txt"), "a\nbb\nccc");
    ItemSource<String> source = Sources.lines(file);
    source.inspect();

    assertThat(readAll(source, SeekPoint.START)).hasSize(3);
  }
}
