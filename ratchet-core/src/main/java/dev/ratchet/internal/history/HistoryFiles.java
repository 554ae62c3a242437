package dev.ratchet.internal.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.ratchet.StoreUnavailableException;
import dev.ratchet.history.RunHistory;
import dev.ratchet.history.RunRecord;
import dev.ratchet.internal.store.AtomicReplace;
import dev.ratchet.internal.store.ForgivingVisitor;
import dev.ratchet.internal.store.NioStoreFileSystem;
import dev.ratchet.internal.store.StoreFileSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Record files: {@code <millis>-<pid>-<n>.json} in a checkpoint's history directory. */
public final class HistoryFiles {
  public static final String DIRECTORY = ".ratchet-history";
  private static final String SUFFIX = ".json";
  private static final String TMP = ".tmp";

  /** Logs of runs a dashboard started, named like records: {@code <millis>-….log}. */
  private static final String LOG_SUFFIX = ".log";

  private static final AtomicLong COUNTER = new AtomicLong();
  private static final StoreFileSystem FS = NioStoreFileSystem.INSTANCE;

  /** Reads and writes records; times as ISO-8601 text. */
  public static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(
              new SimpleModule()
                  .addSerializer(Instant.class, ToStringSerializer.instance)
                  .addDeserializer(Instant.class, new InstantText()))
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private HistoryFiles() {}

  public static Path directoryOf(Path checkpoint) {
    Path absolute = checkpoint.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    if (parent == null || absolute.getFileName() == null) {
      throw new IllegalArgumentException("a checkpoint cannot be a root directory: " + checkpoint);
    }
    return parent.resolve(DIRECTORY).resolve(absolute.getFileName().toString());
  }

  public static void append(Path dir, RunRecord record) {
    // a record's name starts with the time it was written: retention reads only names
    String name =
        String.format(
            "%013d-%d-%d%s",
            record.ended().toEpochMilli(),
            ProcessHandle.current().pid(),
            COUNTER.incrementAndGet(),
            SUFFIX);
    Path target = dir.resolve(name);
    Path temp = dir.resolve(name + TMP);
    try {
      byte[] bytes = record.toJson().getBytes(StandardCharsets.UTF_8);
      FS.createDirectory(dir);
      AtomicReplace.replace(FS, temp, target, file -> file.write(ByteBuffer.wrap(bytes), 0));
    } catch (IOException e) {
      throw new StoreUnavailableException(
          "cannot write the run history record " + target + " (" + e + ")", e);
    }
  }

  public static RunHistory.Listing read(Path dir) {
    List<RunRecord> records = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    List<String> names;
    try {
      names = FS.list(dir);
    } catch (NoSuchFileException e) {
      return new RunHistory.Listing(List.of(), List.of());
    } catch (IOException e) {
      return new RunHistory.Listing(List.of(), List.of(dir + ": cannot list it (" + e + ")"));
    }
    for (String name : names) {
      if (!name.endsWith(SUFFIX)) {
        continue;
      }
      Path file = dir.resolve(name);
      try {
        records.add(JSON.readValue(Files.readAllBytes(file), RunRecord.class));
      } catch (NoSuchFileException e) {
        // removed by retention meanwhile
      } catch (JsonProcessingException e) {
        unreadable.add(file + ": not a run record (" + e.getOriginalMessage() + ")");
      } catch (IOException | RuntimeException e) {
        unreadable.add(file + ": " + e);
      }
    }
    records.sort(newestFirst());
    return new RunHistory.Listing(records, unreadable);
  }

  public static RunHistory.Listing walk(Path root) {
    List<RunRecord> records = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (Path dir : historyDirectories(root)) {
      RunHistory.Listing listing = read(dir);
      records.addAll(listing.records());
      unreadable.addAll(listing.unreadable());
    }
    records.sort(newestFirst());
    return new RunHistory.Listing(records, unreadable);
  }

  /**
   * Removes (or, if {@code dryRun}, counts) the records under {@code root} written before {@code
   * cutoff}. A history directory that cannot be listed or cleaned is kept, with why, and the sweep
   * goes on with the others.
   */
  public static RunHistory.Pruning prune(Path root, Instant cutoff, boolean dryRun) {
    int removed = 0;
    List<String> kept = new ArrayList<>();
    for (Path dir : historyDirectories(root)) {
      try {
        for (String name : FS.list(dir)) {
          boolean ours = name.endsWith(SUFFIX) || name.endsWith(LOG_SUFFIX);
          if (ours && writtenAt(name) < cutoff.toEpochMilli()) {
            if (!dryRun) {
              FS.delete(dir.resolve(name));
            }
            removed++;
          }
        }
        if (!dryRun && FS.deleteDirectoryIfEmpty(dir)) {
          FS.deleteDirectoryIfEmpty(dir.getParent());
        }
      } catch (IOException e) {
        kept.add(dir + ": " + reason(e));
      }
    }
    return new RunHistory.Pruning(removed, kept);
  }

  /** Why a file operation failed, in the operating system's words where it gave them. */
  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException a) {
      return "permission denied (" + a.getFile() + ")";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason() + " (" + f.getFile() + ")";
    }
    return e.toString();
  }

  /** The time in a record file's name; records are named when they are written. */
  private static long writtenAt(String name) {
    int dash = name.indexOf('-');
    try {
      return dash > 0 ? Long.parseLong(name.substring(0, dash)) : Long.MAX_VALUE;
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Every {@code .ratchet-history/<name>} directory under {@code root}. */
  private static List<Path> historyDirectories(Path root) {
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException(
          root + " is not a directory; give the directory that holds the checkpoints");
    }
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(
          root,
          new ForgivingVisitor() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              if (pseudo(dir)) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              if (dir.getFileName() != null && dir.getFileName().toString().equals(DIRECTORY)) {
                try (var children = Files.list(dir)) {
                  children.filter(Files::isDirectory).sorted().forEach(found::add);
                }
                return FileVisitResult.SKIP_SUBTREE;
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot walk " + root, e);
    }
    return found;
  }

  private static Comparator<RunRecord> newestFirst() {
    return Comparator.comparing(RunRecord::ended).reversed();
  }

  private static final class InstantText extends FromStringDeserializer<Instant> {
    InstantText() {
      super(Instant.class);
    }

    @Override
    protected Instant _deserialize(String value, DeserializationContext context) {
      return Instant.parse(value);
    }
  }
}
