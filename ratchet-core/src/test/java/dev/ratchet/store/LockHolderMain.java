package dev.ratchet.store;

import java.nio.file.Path;

/**
 * Child JVM for lock tests: opens the store in {@code args[0]}, says so, and waits to be killed.
 */
public final class LockHolderMain {
  private LockHolderMain() {}

  public static void main(String[] args) throws InterruptedException {
    FileStore store = FileStore.at(Path.of(args[0]));
    store.open();
    System.out.println("LOCKED");
    System.out.flush();
    Thread.sleep(120_000);
  }
}
