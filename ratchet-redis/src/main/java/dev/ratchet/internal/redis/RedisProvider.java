package dev.ratchet.internal.redis;

import dev.ratchet.history.RunRecord;
import dev.ratchet.redis.RedisDatabase;
import dev.ratchet.redis.RedisStore;
import dev.ratchet.redis.RedisTarget;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.SharedRun;
import dev.ratchet.store.StoreAddress;
import dev.ratchet.store.StoreConnection;
import dev.ratchet.store.StoreProvider;
import dev.ratchet.store.Stores;
import java.util.List;

/**
 * Redis by URL: {@code redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]}. The address's password takes
 * the place of one in the URL, so it need not be in a command line. Reading creates nothing; what a
 * checkpoint holds carries the server's durability warning in its metadata ({@value
 * RedisStore#DURABILITY_WARNING}).
 */
public final class RedisProvider implements StoreProvider {
  @Override
  public String urlForm() {
    return "redis://[USER:@]HOST[:PORT][/DB]";
  }

  @Override
  public boolean accepts(String url) {
    return "redis".equals(Stores.scheme(url));
  }

  @Override
  public StoreConnection connect(StoreAddress address) {
    RedisTarget t = RedisTarget.parse(address.url());
    if (address.password() != null) {
      t = new RedisTarget(t.host(), t.port(), t.database(), t.user(), address.password());
    }
    // a reader shows the durability warning from what it reads (status), so it is not logged too
    return new Connection(
        address.readOnly() ? RedisDatabase.connectToRead(t) : RedisDatabase.connect(t));
  }

  private record Connection(RedisDatabase db) implements StoreConnection {
    @Override
    public String location() {
      return db.target().display();
    }

    @Override
    public boolean sharesRuns() {
      return true;
    }

    @Override
    public CheckpointInfo inspect(String runId) {
      CheckpointInfo info = db.inspect(runId);
      String warning = db.durability().warning();
      if (warning == null || !info.exists()) {
        return info;
      }
      return info.withMetadata(RedisStore.DURABILITY_WARNING, warning);
    }

    @Override
    public CheckpointStore store(String runId) {
      return db.store(runId);
    }

    @Override
    public SharedRun run(String runId) {
      return db.run(runId);
    }

    @Override
    public List<String> runIds() {
      return db.names();
    }

    @Override
    public List<RunRecord> history(int limit) {
      return db.history(limit);
    }

    @Override
    public void appendHistory(RunRecord record) {
      db.appendHistory(record);
    }

    @Override
    public String scrub(String text) {
      String masked = StoreAddress.mask(text);
      String password = db.target().password();
      return password == null || password.isEmpty() || masked == null
          ? masked
          : masked.replace(password, "***");
    }

    @Override
    public void close() {
      db.close();
    }
  }
}
