package dev.ratchet.internal.store;

import dev.ratchet.RatchetException;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.RetentionReport;
import dev.ratchet.store.SweptCheckpoint;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds checkpoint directories under a root and removes those last committed before a cutoff. A
 * candidate is re-inspected while its lock is held, so a run that committed in between keeps it; a
 * candidate whose lock is held elsewhere is kept.
 */
public final class RetentionSweep {
  private final StoreFileSystem fs;
  private final Instant cutoff;
  private final boolean dryRun;

  public RetentionSweep(StoreFileSystem fs, Instant cutoff, boolean dryRun) {
    this.fs = fs;
    this.cutoff = cutoff;
    this.dryRun = dryRun;
  }

  public RetentionReport sweep(Path root) {
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException(
          "cannot sweep "
              + root
              + ": it is not a directory; give the directory that holds the"
              + " checkpoints");
    }
    List<SweptCheckpoint> found = new ArrayList<>();
    try {
      Files.walkFileTree(
          root,
          new ForgivingVisitor() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              if (pseudo(dir)) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              if (!StoreInspector.exists(fs, dir)) {
                return FileVisitResult.CONTINUE;
              }
              found.add(judge(dir));
              return FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            protected void unreadable(Path path, IOException e) {
              if (Files.isDirectory(path)) {
                found.add(new SweptCheckpoint.Unreadable(path, "cannot list it (" + e + ")"));
              }
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot walk " + root, e);
    }
    found.sort(Comparator.comparing(SweptCheckpoint::dir));
    return new RetentionReport(found);
  }

  private SweptCheckpoint judge(Path dir) {
    Instant last;
    try {
      last = lastActivity(StoreInspector.inspect(fs, dir, null));
    } catch (RatchetException e) {
      return new SweptCheckpoint.Unreadable(dir, e.getMessage());
    }
    if (last == null) {
      return new SweptCheckpoint.Unreadable(dir, "it records neither a commit nor a creation time");
    }
    if (!last.isBefore(cutoff)) {
      return new SweptCheckpoint.Recent(dir, last);
    }
    StoreLayout layout = new StoreLayout(dir);
    try {
      Closeable lock = fs.tryLock(layout.lock());
      if (lock == null) {
        return new SweptCheckpoint.Locked(dir, last);
      }
      SweptCheckpoint result;
      try {
        result = removeWhileLocked(layout);
      } finally {
        lock.close();
      }
      if (result instanceof SweptCheckpoint.Removed removed && !removed.dryRun()) {
        fs.delete(layout.lock());
        fs.fsyncDirectory(dir);
        fs.deleteDirectoryIfEmpty(dir);
      }
      return result;
    } catch (IOException e) {
      return new SweptCheckpoint.Unreadable(dir, "cannot remove it (" + e + ")");
    }
  }

  private SweptCheckpoint removeWhileLocked(StoreLayout layout) throws IOException {
    Path dir = layout.dir();
    Instant last;
    try {
      last = lastActivity(StoreInspector.inspect(fs, dir, null));
    } catch (RatchetException e) {
      return new SweptCheckpoint.Unreadable(dir, e.getMessage());
    }
    if (last == null || !last.isBefore(cutoff)) {
      return new SweptCheckpoint.Recent(dir, last);
    }
    List<Path> files = new ArrayList<>();
    long bytes = 0;
    for (String name : fs.list(dir)) {
      if (StoreLayout.isStoreFile(name)) {
        Path file = dir.resolve(name);
        bytes += Files.size(file);
        if (!name.equals(StoreLayout.LOCK)) {
          files.add(file);
        }
      }
    }
    if (!dryRun) {
      fs.delete(layout.descriptor());
      for (Path file : files) {
        fs.delete(file);
      }
    }
    return new SweptCheckpoint.Removed(dir, last, bytes, dryRun);
  }

  private static Instant lastActivity(CheckpointInfo info) {
    return info.lastCommit() != null ? info.lastCommit() : info.created();
  }
}
