package dev.ratchet.items;

import static dev.ratchet.items.Fixtures.input;
import static dev.ratchet.items.Fixtures.keys;
import static dev.ratchet.items.Fixtures.ordinals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.CheckpointLockedException;
import dev.ratchet.CheckpointMismatchException;
import dev.ratchet.RatchetException;
import dev.ratchet.StoreUnavailableException;
import dev.ratchet.store.FileStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets a clear error and loses nothing. */
class ItemPipelineErrorsTest {
  @TempDir Path dir;

  private ItemPipeline<String, String> pipeline(Path in, Path out, Path ckpt) {
    return ItemPipeline.<String, String>builder()
        .source(Sources.lines(in))
        .processor(String::toUpperCase)
        .sink(Sinks.jsonLines(out))
        .checkpoint(ckpt)
        .batchSize(5)
        .build();
  }

  /** Runs over {@code in} and leaves a checkpoint: item 10 FAILED, 0..14 otherwise DONE. */
  private RunResult leaveCheckpoint(Path in, Path out, Path ckpt) {
    return ItemPipeline.<String, String>builder()
        .source(Sources.lines(in))
        .processor(
            line -> {
              if (line.equals("item-10")) {
                throw new IllegalStateException("boom");
              }
              return line;
            })
        .sink(Sinks.jsonLines(out))
        .checkpoint(ckpt)
        .batchSize(5)
        .failFast()
        .build()
        .run();
  }

  @Test
  void aMissingInputFailsBeforeAnythingIsWritten() {
    Path ckpt = dir.resolve("ckpt");
    Path out = dir.resolve("out.jsonl");

    assertThatThrownBy(() -> pipeline(dir.resolve("nope.txt"), out, ckpt).run())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "input file "
                + dir.resolve("nope.txt")
                + " does not exist; check the path."
                + " Nothing was written.");
    assertThat(ckpt).doesNotExist();
    assertThat(out).doesNotExist();
  }

  @Test
  void aDirectoryAsInputIsRefusedBeforeAnythingIsWritten() {
    Path ckpt = dir.resolve("ckpt");

    assertThatThrownBy(() -> pipeline(dir, dir.resolve("out.jsonl"), ckpt).run())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input " + dir + " is a directory; give the path of a text file");
    assertThat(ckpt).doesNotExist();
  }

  @Test
  void aCheckpointDirectoryThatCannotBeWrittenIsAClearError() throws IOException {
    Path in = input(dir, 3);
    Path blocker = Files.writeString(dir.resolve("a-file"), "not a directory");
    Path ckpt = blocker.resolve("ckpt");

    assertThatThrownBy(() -> pipeline(in, dir.resolve("out.jsonl"), ckpt).run())
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("cannot create checkpoint directory")
        .hasMessageContaining("check the path and its permissions");
    assertThat(Files.readString(blocker)).isEqualTo("not a directory");
  }

  @Test
  void aCheckpointInUseByAnotherRunIsRefused() throws IOException {
    Path in = input(dir, 3);
    Path ckpt = dir.resolve("ckpt");
    try (FileStore other = FileStore.at(ckpt)) {
      other.open();

      assertThatThrownBy(() -> pipeline(in, dir.resolve("out.jsonl"), ckpt).run())
          .isInstanceOf(CheckpointLockedException.class)
          .hasMessageContaining("is in use by another running process");
    }
  }

  @Test
  void anInputThatChangedIsRefusedWithHowToStartFresh() throws IOException {
    Path in = input(dir, 20);
    Path out = dir.resolve("out.jsonl");
    Path ckpt = dir.resolve("ckpt");
    leaveCheckpoint(in, out, ckpt);
    long outputBefore = Files.size(out);
    Files.writeString(in, "one more line\n", StandardOpenOption.APPEND);

    assertThatThrownBy(() -> pipeline(in, out, ckpt).run())
        .isInstanceOf(CheckpointMismatchException.class)
        .hasMessageContaining("the input " + in + " changed since the checkpoint was written")
        .hasMessageContaining("run again with --fresh (library: fresh())");
    assertThat(Files.size(out)).isEqualTo(outputBefore);
    assertThat(FileStore.inspect(ckpt).counts().done()).isEqualTo(14);
  }

  @Test
  void freshDiscardsTheCheckpointAndStartsTheOutputOver() throws IOException {
    Path in = input(dir, 20);
    Path out = dir.resolve("out.jsonl");
    Path ckpt = dir.resolve("ckpt");
    leaveCheckpoint(in, out, ckpt);
    Files.writeString(in, "one more line\n", StandardOpenOption.APPEND);

    RunResult result =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .processor(String::toUpperCase)
            .sink(Sinks.jsonLines(out))
            .checkpoint(ckpt)
            .fresh()
            .build()
            .run();

    assertThat(result.succeeded()).isTrue();
    assertThat(result.processed()).isEqualTo(21);
    assertThat(keys(out)).isEqualTo(ordinals(0, 21));
  }

  @Test
  void anOutputFileShortenedOutsideRatchetIsRefused() throws IOException {
    Path in = input(dir, 20);
    Path out = dir.resolve("out.jsonl");
    Path ckpt = dir.resolve("ckpt");
    leaveCheckpoint(in, out, ckpt);
    try (var channel = FileChannel.open(out, StandardOpenOption.WRITE)) {
      channel.truncate(10);
    }

    assertThatThrownBy(() -> pipeline(in, out, ckpt).run())
        .isInstanceOf(RatchetException.class)
        .hasMessageContaining("output file " + out + " has only 10 bytes but the checkpoint")
        .hasMessageContaining("start over with --fresh");
    assertThat(Files.size(out)).isEqualTo(10);
  }

  @Test
  void anOutputPathThatCannotBeCreatedIsRefusedBeforeTheCheckpointIsOpened() throws IOException {
    Path in = input(dir, 3);
    Path blocker = Files.writeString(dir.resolve("a-file"), "x");
    Path ckpt = dir.resolve("ckpt");

    assertThatThrownBy(() -> pipeline(in, blocker.resolve("out.jsonl"), ckpt).run())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "output file "
                + blocker.resolve("out.jsonl")
                + " cannot be created: "
                + blocker
                + " is not a directory");
    assertThat(ckpt).doesNotExist();
  }

  @Test
  void aSourceWithOrdinalKeysWhoseKeyIsNotItsOrdinalIsRefused() {
    ItemSource<String> lying =
        new ItemSource<>() {
          @Override
          public String description() {
            return "lying";
          }

          @Override
          public Info inspect() {
            return new Info(null, OptionalLong.of(2), true);
          }

          @Override
          public Cursor<String> open(SeekPoint start) {
            Iterator<SourceItem<String>> items =
                List.of(new SourceItem<>("0", "a", 0, null), new SourceItem<>("x1", "b", 1, null))
                    .iterator();
            return new Cursor<>() {
              @Override
              public boolean hasNext() {
                return items.hasNext();
              }

              @Override
              public SourceItem<String> next() {
                return items.next();
              }

              @Override
              public void close() {}
            };
          }
        };

    assertThatThrownBy(
            () ->
                ItemPipeline.<String, String>builder()
                    .source(lying)
                    .processor(String::toUpperCase)
                    .checkpoint(dir.resolve("ckpt"))
                    .build()
                    .run())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a source with ordinal keys gave item 1 the key x1");
  }
}
