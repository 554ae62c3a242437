package dev.ratchet.internal.store;

import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.StoreAddress;
import dev.ratchet.store.StoreConnection;
import dev.ratchet.store.StoreProvider;
import dev.ratchet.store.Stores;
import java.nio.file.Path;

/**
 * The journal file store by URL: {@code file:PATH}, {@code file://PATH} or a plain path, the
 * checkpoint directory. It holds one checkpoint and takes no password.
 */
public final class FileStoreProvider implements StoreProvider {
  @Override
  public String urlForm() {
    return "file:PATH (or a plain path: a checkpoint directory)";
  }

  @Override
  public boolean accepts(String url) {
    String scheme = Stores.scheme(url);
    return scheme == null || scheme.equals("file");
  }

  @Override
  public StoreConnection connect(StoreAddress address) {
    return new Connection(path(address.url()));
  }

  /** The directory that {@code url} names. */
  static Path path(String url) {
    String text = url.trim();
    if (Stores.scheme(text) != null) {
      text = text.substring("file:".length());
      if (text.startsWith("//")) {
        text = text.substring(2);
      }
    }
    if (text.isEmpty()) {
      throw new IllegalArgumentException(
          "'" + url + "' names no directory; write file:PATH, e.g. file:out.jsonl.ratchet");
    }
    return Path.of(text);
  }

  private record Connection(Path dir) implements StoreConnection {
    @Override
    public String location() {
      return dir.toString();
    }

    @Override
    public boolean sharesRuns() {
      return false;
    }

    @Override
    public CheckpointInfo inspect(String runId) {
      return FileStore.inspect(dir);
    }

    @Override
    public CheckpointStore store(String runId) {
      return FileStore.builder(dir).build();
    }

    @Override
    public void close() {}
  }
}
