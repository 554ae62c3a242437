package dev.ratchet.reliability.sim;

import dev.ratchet.internal.store.StoreFile;
import dev.ratchet.internal.store.StoreFileSystem;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * An in-memory implementation of the store's file seam that can lose power. It records every write,
 * truncate, force, rename, delete and directory fsync as numbered operations and keeps, for every
 * file and directory, what a reader sees and what is durable:
 *
 * <ul>
 *   <li>file data is durable once the file is forced; unforced sectors survive a power cut or not,
 *       each on its own (torn and reordered at {@value SimNode#SECTOR}-byte granularity);
 *   <li>directory entries (creations, renames, deletions) are durable once the directory is
 *       fsynced; of the unsynced ones a random prefix survives, so an unsynced rename may not have
 *       happened;
 *   <li>{@link #cutPowerAt(long)} makes operation number {@code n} happen in memory and then kills
 *       the machine: that call and every later one throws {@link PowerLoss};
 *   <li>{@link #afterPowerLoss(Random)} is the machine rebooted: only what survived, no locks.
 * </ul>
 *
 * <p>{@link #inject(FaultPlan)} fails chosen operations with an {@link IOException} instead (disk
 * full, read-only file system). Thread-safe; deterministic for a single-threaded caller.
 */
public final class SimFileSystem implements StoreFileSystem {
  private final Map<Path, SimDir> dirs = new HashMap<>();
  private final Set<Path> locks = new HashSet<>();
  private long operations;
  private long cutAt = Long.MAX_VALUE;
  private boolean dead;
  private boolean readOnly;
  private FaultPlan faults = FaultPlan.NONE;
  private final List<Long> syncOperations = new ArrayList<>();

  /** The kinds of operation the simulator numbers. */
  public enum Kind {
    CREATE_DIRECTORY,
    OPEN_FOR_WRITE,
    WRITE,
    TRUNCATE,
    FORCE,
    MOVE,
    FSYNC_DIRECTORY,
    DELETE,
    DELETE_DIRECTORY,
    LOCK
  }

  /** One numbered operation, as seen by a {@link FaultPlan}. */
  public record Op(long number, Kind kind, Path path) {}

  /** Decides whether an operation fails; throw to fail it. */
  @FunctionalInterface
  public interface FaultPlan {
    FaultPlan NONE = op -> {};

    void before(Op op) throws IOException;
  }

  /** Thrown by every call once the power is cut. An Error so the store cannot swallow it. */
  public static final class PowerLoss extends Error {
    PowerLoss(long operation) {
      super("simulated power loss at operation " + operation, null, false, false);
    }
  }

  public synchronized void cutPowerAt(long operation) {
    this.cutAt = operation;
  }

  /** Makes the file system read-only: not writable, and every change fails with EROFS. */
  public synchronized void setReadOnly(boolean readOnly) {
    this.readOnly = readOnly;
  }

  public synchronized void inject(FaultPlan plan) {
    this.faults = plan == null ? FaultPlan.NONE : plan;
  }

  /** How many numbered operations have happened. */
  public synchronized long operations() {
    return operations;
  }

  /** The numbers of the force and directory fsync operations, in order. */
  public synchronized List<Long> syncOperations() {
    return List.copyOf(syncOperations);
  }

  public synchronized boolean isDead() {
    return dead;
  }

  /** The machine after a power cut: only durable state and a random part of the rest. */
  public synchronized SimFileSystem afterPowerLoss(Random random) {
    SimFileSystem rebooted = new SimFileSystem();
    Map<SimNode, SimNode> survivors = new IdentityHashMap<>();
    dirs.forEach((path, dir) -> rebooted.dirs.put(path, dir.afterPowerLoss(random, survivors)));
    return rebooted;
  }

  /** A copy where everything, synced or not, is durable (for building sample checkpoints). */
  public synchronized SimFileSystem copyAsDurable() {
    SimFileSystem copy = new SimFileSystem();
    Map<SimNode, SimNode> copies = new IdentityHashMap<>();
    dirs.forEach((path, dir) -> copy.dirs.put(path, dir.durableCopy(copies)));
    return copy;
  }

  /** The current bytes of a file, or null if absent. */
  public synchronized byte[] read(Path file) {
    SimDir dir = dirs.get(parent(file));
    SimNode node = dir == null ? null : dir.get(name(file));
    return node == null ? null : node.content();
  }

  /** Replaces (or creates) a file with {@code content}, durably: tampering from outside. */
  public synchronized void replace(Path file, byte[] content) {
    SimDir dir = dirs.get(parent(file));
    dir.putDurably(name(file), SimNode.durableOf(content));
  }

  /** Removes a directory and everything in it, as another process running {@code rm -r} would. */
  public synchronized void removeTree(Path directory) {
    Path root = normalize(directory);
    dirs.keySet().removeIf(path -> path.startsWith(root));
  }

  @Override
  public synchronized void createDirectory(Path dir) throws IOException {
    Path path = normalize(dir);
    alive();
    if (dirs.containsKey(path)) {
      return;
    }
    step(Kind.CREATE_DIRECTORY, path);
    for (Path p = path; p != null && !dirs.containsKey(p); p = p.getParent()) {
      dirs.put(p, new SimDir());
    }
  }

  @Override
  public synchronized boolean exists(Path path) {
    alive();
    Path p = normalize(path);
    if (dirs.containsKey(p)) {
      return true;
    }
    SimDir dir = dirs.get(parent(p));
    return dir != null && dir.get(name(p)) != null;
  }

  @Override
  public synchronized boolean isWritable(Path dir) {
    alive();
    return dirs.containsKey(normalize(dir)) && !readOnly;
  }

  @Override
  public synchronized List<String> list(Path dir) throws IOException {
    alive();
    return new ArrayList<>(directory(normalize(dir)).names());
  }

  @Override
  public synchronized StoreFile openForRead(Path file) throws IOException {
    alive();
    Path p = normalize(file);
    SimNode node = directory(parent(p)).get(name(p));
    if (node == null) {
      throw new NoSuchFileException(p.toString());
    }
    return new SimFile(this, node, p, false);
  }

  @Override
  public synchronized StoreFile openForWrite(Path file) throws IOException {
    Path p = normalize(file);
    step(Kind.OPEN_FOR_WRITE, p);
    return new SimFile(this, nodeCreating(p), p, true);
  }

  @Override
  public synchronized void atomicMove(Path source, Path target) throws IOException {
    Path from = normalize(source);
    Path to = normalize(target);
    step(Kind.MOVE, to);
    if (!parent(from).equals(parent(to))) {
      throw new IOException("the simulator renames within one directory only");
    }
    SimDir dir = directory(parent(from));
    if (dir.get(name(from)) == null) {
      throw new NoSuchFileException(from.toString());
    }
    dir.rename(name(from), name(to));
  }

  @Override
  public synchronized void fsyncDirectory(Path dir) throws IOException {
    Path p = normalize(dir);
    step(Kind.FSYNC_DIRECTORY, p);
    directory(p).sync();
  }

  @Override
  public synchronized void delete(Path file) throws IOException {
    Path p = normalize(file);
    step(Kind.DELETE, p);
    SimDir dir = dirs.get(parent(p));
    if (dir != null && dir.get(name(p)) != null) {
      dir.remove(name(p));
    }
  }

  @Override
  public synchronized boolean deleteDirectoryIfEmpty(Path dir) throws IOException {
    Path p = normalize(dir);
    step(Kind.DELETE_DIRECTORY, p);
    SimDir d = dirs.get(p);
    if (d == null) {
      return true;
    }
    if (!d.names().isEmpty()) {
      return false;
    }
    dirs.remove(p);
    return true;
  }

  @Override
  public synchronized Closeable tryLock(Path lockFile) throws IOException {
    Path p = normalize(lockFile);
    step(Kind.LOCK, p);
    nodeCreating(p);
    if (!locks.add(p)) {
      return null;
    }
    return () -> {
      synchronized (SimFileSystem.this) {
        locks.remove(p);
      }
    };
  }

  synchronized long size(SimNode node) {
    alive();
    return node.size();
  }

  synchronized int read(SimNode node, ByteBuffer dst, long position) {
    alive();
    byte[] tmp = new byte[dst.remaining()];
    int n = node.read(tmp, 0, tmp.length, position);
    if (n > 0) {
      dst.put(tmp, 0, n);
    }
    return n;
  }

  synchronized void write(SimNode node, Path path, ByteBuffer src, long position)
      throws IOException {
    byte[] bytes = new byte[src.remaining()];
    src.duplicate().get(bytes);
    numbered(Kind.WRITE, path, () -> node.write(bytes, position));
    src.position(src.limit());
  }

  synchronized void force(SimNode node, Path path) throws IOException {
    numbered(Kind.FORCE, path, node::force);
  }

  synchronized void truncate(SimNode node, Path path, long size) throws IOException {
    numbered(Kind.TRUNCATE, path, () -> node.truncate(size));
  }

  synchronized void alive() {
    if (dead) {
      throw new PowerLoss(operations);
    }
  }

  private void step(Kind kind, Path path) throws IOException {
    numbered(kind, path, () -> {});
  }

  /**
   * Numbers an operation, lets the fault plan fail it, applies it, and cuts the power right after
   * it when its number was chosen. The simulated effect of the cut is in the unsynced state.
   */
  private void numbered(Kind kind, Path path, Runnable effect) throws IOException {
    alive();
    long number = ++operations;
    if (kind == Kind.FORCE || kind == Kind.FSYNC_DIRECTORY) {
      syncOperations.add(number);
    }
    if (readOnly) {
      throw readOnly(path);
    }
    faults.before(new Op(number, kind, path));
    effect.run();
    if (number >= cutAt) {
      dead = true;
      throw new PowerLoss(number);
    }
  }

  private SimNode nodeCreating(Path p) throws IOException {
    SimDir dir = directory(parent(p));
    SimNode node = dir.get(name(p));
    if (node == null) {
      node = new SimNode();
      dir.create(name(p), node);
    }
    return node;
  }

  private SimDir directory(Path p) throws IOException {
    SimDir dir = dirs.get(p);
    if (dir == null) {
      throw new NoSuchFileException(p.toString(), null, "no such directory");
    }
    return dir;
  }

  /** An I/O error as the JDK reports a full disk. */
  public static IOException diskFull(Path path) {
    return new IOException("No space left on device");
  }

  /** An I/O error as the JDK reports a read-only file system. */
  public static IOException readOnly(Path path) {
    return new FileSystemException(path.toString(), null, "Read-only file system");
  }

  static Path normalize(Path path) {
    return path.toAbsolutePath().normalize();
  }

  private static Path parent(Path p) {
    Path parent = p.getParent();
    return parent == null ? p : parent;
  }

  private static String name(Path p) {
    return p.getFileName().toString();
  }
}
