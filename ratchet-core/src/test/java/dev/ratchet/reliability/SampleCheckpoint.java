package dev.ratchet.reliability;

import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FileStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A small real checkpoint written by {@link FileStore} with known commits, its files kept in memory
 * so a test can damage them and put them back. The lock file is not kept.
 */
public record SampleCheckpoint(
    String name, Path dir, byte[] key, List<Commit> commits, Map<String, byte[]> files) {
  static final List<String> KEYS = List.of("0", "1", "2", "3", "4", "5", "a/b", "x\ny", "ключ");

  /** Writes a sample into {@code dir}: compacted (snapshot + journal) or a single journal. */
  public static SampleCheckpoint write(
      String name, Path dir, byte[] key, boolean compacted, int runSalt) {
    List<Commit> commits = commits(runSalt);
    FileStore.Builder builder = FileStore.builder(dir).compactAtBytes(compacted ? 700 : 1 << 20);
    if (key != null) {
      builder.hmacKey(key);
    }
    try (FileStore store = builder.build()) {
      store.open();
      commits.forEach(store::commit);
    }
    return new SampleCheckpoint(name, dir, key, commits, readAll(dir));
  }

  private static List<Commit> commits(int salt) {
    List<Commit> commits = new ArrayList<>();
    for (int i = 0; i < KEYS.size(); i++) {
      String key = KEYS.get(i);
      commits.add(Commit.of(Change.Item.inProgress(key, 1, 0)));
      commits.add(
          Commit.of(
              Change.Item.done(key, 1, i % 3 == 0 ? null : "{\"r\":\"result-" + salt + i + "\"}"),
              new Change.Position("out", 100L * (i + 1))));
    }
    commits.add(Commit.of(new Change.Meta("input.fingerprint", "sha256:" + salt)));
    commits.add(Commit.of(Change.Item.failed("late", 2, 1, "boom")));
    return commits;
  }

  /** The store for this sample's directory, with its key. */
  public FileStore store() {
    FileStore.Builder builder = FileStore.builder(dir);
    if (key != null) {
      builder.hmacKey(key);
    }
    return builder.build();
  }

  /** The names of the files with content (descriptor, journal, snapshot). */
  public List<String> names() {
    return new ArrayList<>(files.keySet());
  }

  public String journalName() {
    return files.keySet().stream().filter(n -> n.startsWith("journal-")).findFirst().orElseThrow();
  }

  /** Replaces the directory's files with {@code content} (file name to bytes). */
  public void restore(Map<String, byte[]> content) {
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : list.toList()) {
        Files.delete(p);
      }
      for (Map.Entry<String, byte[]> e : content.entrySet()) {
        Files.write(dir.resolve(e.getKey()), e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sample's files with one of them replaced. */
  public Map<String, byte[]> with(String name, byte[] content) {
    Map<String, byte[]> copy = new TreeMap<>(files);
    copy.put(name, content);
    return copy;
  }

  /** Offsets and lengths of the framed records after the 32-byte header of a journal/snapshot. */
  public static List<int[]> records(byte[] file) {
    List<int[]> records = new ArrayList<>();
    int offset = 32;
    while (offset + 8 <= file.length) {
      int body = ByteBuffer.wrap(file, offset, 4).getInt();
      int length = 8 + body;
      if (body < 1 || offset + length > file.length) {
        break;
      }
      records.add(new int[] {offset, length});
      offset += length;
    }
    return records;
  }

  private static Map<String, byte[]> readAll(Path dir) {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : list.toList()) {
        String name = p.getFileName().toString();
        if (!name.equals("ratchet.lock")) {
          files.put(name, Files.readAllBytes(p));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
