package dev.ratchet.internal.items;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.items.ItemSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An inspection started ahead on its own thread finds what a plain inspection finds. */
class LinesSourceTest {
  @TempDir Path dir;

  @Test
  void anInspectionStartedAheadEqualsAPlainOne() throws Exception {
    Path input = dir.resolve("in.txt");
    Files.writeString(input, "a\nb\nc");
    LinesSource ahead = new LinesSource(input);
    ahead.inspectAhead();
    ItemSource.Info found = ahead.inspect();
    ItemSource.Info plain = new LinesSource(input).inspect();
    assertThat(found.fingerprint()).isEqualTo(plain.fingerprint());
    assertThat(found.total()).hasValue(3);
  }

  @Test
  void eachInspectionReadsTheFileAsItIsThen() throws Exception {
    Path input = dir.resolve("in.txt");
    Files.writeString(input, "a\n");
    LinesSource source = new LinesSource(input);
    source.inspectAhead();
    String first = source.inspect().fingerprint();
    Files.writeString(input, "a\nb\n");
    assertThat(source.inspect().fingerprint()).isNotEqualTo(first); // the one ahead was taken
    source.inspectAhead(); // never taken: dropped by the next one ahead
    Files.writeString(input, "x\ny\nz\n");
    source.inspectAhead();
    ItemSource.Info last = source.inspect();
    assertThat(last.fingerprint()).isEqualTo(new LinesSource(input).inspect().fingerprint());
    assertThat(last.total()).hasValue(3);
  }

  @Test
  void aMissingInputFailsTheInspectionThatTakesTheResult() {
    LinesSource source = new LinesSource(dir.resolve("missing.txt"));
    source.inspectAhead();
    assertThatThrownBy(source::inspect)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
  }
}
