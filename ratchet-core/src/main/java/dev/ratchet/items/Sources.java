package dev.ratchet.items;

import dev.ratchet.internal.items.IterableSource;
import dev.ratchet.internal.items.LinesSource;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Stream;

/** Ready-made {@link ItemSource}s. */
public final class Sources {
  private Sources() {}

  /**
   * The lines of a UTF-8 text file, one item per line ({@code \n} or {@code \r\n}), keyed by line
   * ordinal ("0", "1", …). The file's size and CRC32C are the input fingerprint: a resumed run
   * refuses a file that changed. A resumed run seeks past the finished prefix. A cursor opened at
   * the start after {@link ItemSource#inspect()} hashes what it reads and, at the end of the file,
   * throws {@link dev.ratchet.RatchetException} if that differs from the fingerprint (the file was
   * rewritten while the run read it); every cursor refuses a file that shrinks or is replaced under
   * its name while it reads.
   */
  public static ItemSource<String> lines(Path file) {
    return new LinesSource(Objects.requireNonNull(file, "file"));
  }

  /**
   * The elements of an iterable, keyed by {@code key}. Keys must be unique and stable across runs;
   * an element whose key is already DONE is not processed again. The iterable is read from the
   * start on every run.
   */
  public static <I> ItemSource<I> of(Iterable<? extends I> items, Function<? super I, String> key) {
    return new IterableSource<>(
        Objects.requireNonNull(items, "items"), Objects.requireNonNull(key, "key"));
  }

  /**
   * The elements of a stream, keyed by {@code key}. A stream can be read once, so such a pipeline
   * runs once; use {@link #of(Iterable, Function)} for a pipeline that may be run again.
   */
  public static <I> ItemSource<I> of(Stream<? extends I> items, Function<? super I, String> key) {
    Objects.requireNonNull(items, "items");
    AtomicBoolean used = new AtomicBoolean();
    Iterable<I> once =
        () -> {
          if (used.getAndSet(true)) {
            throw new IllegalStateException(
                "a stream source can be read by one run only; use Sources.of(Iterable, key) to"
                    + " run again");
          }
          return items.<I>map(item -> item).iterator();
        };
    return new IterableSource<>(once, Objects.requireNonNull(key, "key"));
  }
}
