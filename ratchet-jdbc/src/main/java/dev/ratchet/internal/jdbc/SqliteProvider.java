package dev.ratchet.internal.jdbc;

import dev.ratchet.sqlite.SqliteStore;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.StoreAddress;
import dev.ratchet.store.StoreConnection;
import dev.ratchet.store.StoreProvider;
import dev.ratchet.store.Stores;
import java.nio.file.Path;

/**
 * SQLite by URL: {@code sqlite:PATH} (also {@code sqlite://PATH}), a file that holds one
 * checkpoint. It takes no password; inspecting it creates nothing.
 */
public final class SqliteProvider implements StoreProvider {
  @Override
  public String urlForm() {
    return "sqlite:PATH";
  }

  @Override
  public boolean accepts(String url) {
    return "sqlite".equals(Stores.scheme(url));
  }

  @Override
  public StoreConnection connect(StoreAddress address) {
    String text = address.url().trim().substring("sqlite:".length());
    if (text.startsWith("//")) {
      text = text.substring(2);
    }
    if (text.isEmpty()) {
      throw new IllegalArgumentException(
          "'" + address.url() + "' names no file; write sqlite:PATH, e.g. sqlite:/data/run.db");
    }
    return new Connection(Path.of(text));
  }

  private record Connection(Path file) implements StoreConnection {
    @Override
    public String location() {
      return file.toString();
    }

    @Override
    public boolean sharesRuns() {
      return false;
    }

    @Override
    public CheckpointInfo inspect(String runId) {
      return SqliteStore.inspect(file);
    }

    @Override
    public CheckpointStore store(String runId) {
      return SqliteStore.of(file);
    }

    @Override
    public void close() {}
  }
}
