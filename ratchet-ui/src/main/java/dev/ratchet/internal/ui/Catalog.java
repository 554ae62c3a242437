package dev.ratchet.internal.ui;

import dev.ratchet.history.RunHistory;
import dev.ratchet.internal.store.ForgivingVisitor;
import dev.ratchet.store.FileStore;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checkpoint directories under the dashboard's root, and the checkpoints that have a history
 * there. The tree is walked at most every {@link #RESCAN_NANOS} (links not followed; {@code .git}
 * and {@code node_modules} skipped), so a page that polls does not walk it on every request.
 */
final class Catalog {
  static final long RESCAN_NANOS = 2_000_000_000L;
  private static final int MAX_DEPTH = 12;
  private static final Set<String> SKIPPED = Set.of(".git", "node_modules");

  private final Path root;
  private long scannedAt;
  private List<Path> checkpoints = List.of();
  private List<Path> withHistory = List.of();

  Catalog(Path root) {
    this.root = root;
  }

  /** Checkpoint directories found (sorted). */
  synchronized List<Path> checkpoints() {
    rescanIfStale();
    return checkpoints;
  }

  /** Checkpoint locations that have history records (whether or not the checkpoint exists). */
  synchronized List<Path> withHistory() {
    rescanIfStale();
    return withHistory;
  }

  /** Forgets the last walk, so that the next call walks again (after an action). */
  synchronized void invalidate() {
    scannedAt = 0;
  }

  /** The id of a checkpoint: its path relative to the root, with '/' separators. */
  String idOf(Path dir) {
    return root.relativize(dir).toString().replace('\\', '/');
  }

  /**
   * The directory of {@code id}, if it lies inside the root and is a checkpoint or has a history.
   */
  Optional<Path> resolve(String id) {
    if (id == null || id.indexOf('\0') >= 0) {
      return Optional.empty();
    }
    Path dir = root.resolve(id).normalize();
    if (!dir.startsWith(root) || dir.equals(root) && !id.isEmpty()) {
      return Optional.empty();
    }
    boolean known = FileStore.exists(dir) || Files.isDirectory(RunHistory.directoryOf(dir));
    return known ? Optional.of(dir) : Optional.empty();
  }

  private void rescanIfStale() {
    long now = System.nanoTime();
    if (scannedAt != 0 && now - scannedAt < RESCAN_NANOS) {
      return;
    }
    Set<Path> found = new TreeSet<>();
    Set<Path> history = new TreeSet<>();
    try {
      Files.walkFileTree(root, Set.of(), MAX_DEPTH, new Visitor(found, history));
    } catch (IOException e) {
      // keep what was found; an unreadable corner of the tree is skipped by the visitor
    }
    checkpoints = List.copyOf(found);
    withHistory = List.copyOf(history);
    scannedAt = now;
  }

  private static final class Visitor extends ForgivingVisitor {
    private final Set<Path> checkpoints;
    private final Set<Path> history;

    Visitor(Set<Path> checkpoints, Set<Path> history) {
      this.checkpoints = checkpoints;
      this.history = history;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
        throws IOException {
      String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
      if (SKIPPED.contains(name) || pseudo(dir)) {
        return FileVisitResult.SKIP_SUBTREE;
      }
      if (name.equals(RunHistory.DIRECTORY)) {
        try (var children = Files.list(dir)) {
          children
              .filter(Files::isDirectory)
              .forEach(c -> history.add(dir.getParent().resolve(c.getFileName().toString())));
        }
        return FileVisitResult.SKIP_SUBTREE;
      }
      if (FileStore.exists(dir)) {
        checkpoints.add(dir);
        return FileVisitResult.SKIP_SUBTREE;
      }
      return FileVisitResult.CONTINUE;
    }
  }

  List<Path> all() {
    List<Path> all = new ArrayList<>(checkpoints());
    for (Path dir : withHistory()) {
      if (!all.contains(dir)) {
        all.add(dir);
      }
    }
    return all;
  }
}
