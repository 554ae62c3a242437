package dev.ratchet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DurableFiles#replace} puts a new file where a file was, and nowhere else. */
class DurableFilesTest {
  @TempDir Path dir;

  @Test
  void aSymlinkStaysALinkAndTheFileItNamesIsReplaced() throws IOException {
    Path target = Files.writeString(dir.resolve("target.jsonl"), "old\n");
    Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), Path.of("target.jsonl"));

    DurableFiles.replace(link, "new\n".getBytes(StandardCharsets.UTF_8));

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(target)).isEqualTo("new\n");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("target.jsonl", "link.jsonl");
    }
  }

  @Test
  void aDanglingSymlinkCreatesTheFileItNames() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), Path.of("made.jsonl"));

    DurableFiles.replace(link, "new\n".getBytes(StandardCharsets.UTF_8));

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(dir.resolve("made.jsonl"))).isEqualTo("new\n");
  }

  /** Renaming over a FIFO or a device (as root: /dev/stdout) would put a file in its place. */
  @Test
  void somethingThatIsNotARegularFileIsNotReplaced() throws Exception {
    Path fifo = dir.resolve("fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Path dirTarget = Files.createDirectory(dir.resolve("sub"));

    for (Path target : new Path[] {fifo, dirTarget}) {
      assertThatThrownBy(() -> DurableFiles.replace(target, new byte[] {1}))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("is not a regular file");
    }

    assertThat(Files.isRegularFile(fifo)).isFalse();
    assertThat(Files.exists(fifo)).isTrue();
    assertThat(dirTarget).isEmptyDirectory();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("fifo", "sub");
    }
  }
}
