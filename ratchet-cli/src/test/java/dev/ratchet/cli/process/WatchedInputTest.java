package dev.ratchet.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.RatchetException;
import dev.ratchet.items.ItemSource;
import dev.ratchet.items.SeekPoint;
import dev.ratchet.items.Sources;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchedInputTest {
  @TempDir Path dir;

  @Test
  void theFingerprintReadAheadIsTheOneAnInspectionReads() throws Exception {
    Path file = Files.writeString(dir.resolve("in.txt"), "a\nbb\nccc\n");
    WatchedInput input = new WatchedInput(file);
    input.inspectAhead();
    ItemSource.Info info = input.inspect();
    assertThat(info).isEqualTo(Sources.lines(file).inspect());
    assertThat(info.total()).hasValue(3);
    assertThat(input.inspect()).isSameAs(info);
  }

  @Test
  void anInputChangedAfterTheReadAheadIsRefusedAtTheEndOfTheCursor() throws Exception {
    Path file = Files.writeString(dir.resolve("in.txt"), "a\nb\n");
    WatchedInput input = new WatchedInput(file);
    input.inspectAhead();
    input.inspect();
    Files.writeString(file, "a\nc\n"); // same size, rewritten in place
    try (ItemSource.Cursor<String> cursor = input.open(SeekPoint.START)) {
      assertThatThrownBy(
              () -> {
                while (cursor.hasNext()) {
                  cursor.next();
                }
              })
          .isInstanceOf(RatchetException.class)
          .hasMessageContaining("changed while the run read it");
    }
  }

  @Test
  void anInputThatCannotBeReadAheadFailsTheInspectionAsItWouldHave() {
    WatchedInput input = new WatchedInput(dir.resolve("missing.txt"));
    input.inspectAhead();
    assertThatThrownBy(input::inspect)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
  }
}
