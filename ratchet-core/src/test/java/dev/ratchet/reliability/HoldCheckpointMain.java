package dev.ratchet.reliability;

import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FileStore;
import java.nio.file.Path;

/** A child JVM that opens a checkpoint, commits once, says "locked" and holds it until killed. */
public final class HoldCheckpointMain {
  private HoldCheckpointMain() {}

  public static void main(String[] args) throws Exception {
    FileStore store = FileStore.at(Path.of(args[0]));
    store.open();
    store.commit(Commit.of(Change.Item.done("held", 1, null)));
    System.out.println("locked");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
