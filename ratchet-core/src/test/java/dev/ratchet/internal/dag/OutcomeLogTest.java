package dev.ratchet.internal.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.ItemState;
import dev.ratchet.StoreUnavailableException;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FileStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DAG's outcome log over the real file store: what is on file when, and what is shared. */
class OutcomeLogTest {
  @TempDir Path dir;

  @Test
  void withNoAppendUnderWayATransitionIsAppendedBeforeTheCallReturns() {
    try (CheckpointStore store = FileStore.at(dir)) {
      store.open();
      try (OutcomeLog log = new OutcomeLog(store)) {
        log.mark(Change.Item.inProgress("a", 1, 0));
        assertThat(store.get("a").orElseThrow().state()).isEqualTo(ItemState.IN_PROGRESS);
        log.record(Change.Item.done("a", 1, null));
        assertThat(store.get("a").orElseThrow().state()).isEqualTo(ItemState.DONE);
      }
    }
  }

  @Test
  void finishLeavesEveryOutcomeOnFileInTheOrderRecorded() {
    try (CheckpointStore store = FileStore.at(dir)) {
      store.open();
      OutcomeLog log = new OutcomeLog(store);
      for (int i = 0; i < 500; i++) {
        log.mark(Change.Item.inProgress("n" + i, 1, 0));
        log.record(Change.Item.failed("n" + i, 1, 0, "first"));
        log.record(Change.Item.done("n" + i, 2, null)); // the later one wins
      }
      log.finish();
    }
    try (CheckpointStore reopened = FileStore.at(dir)) {
      reopened.open();
      for (int i = 0; i < 500; i++) {
        assertThat(reopened.get("n" + i).orElseThrow().state()).isEqualTo(ItemState.DONE);
      }
    }
  }

  @Test
  void marksMadeWhileAnAppendIsUnderWayShareTheNextAppend() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Commit> appends = Collections.synchronizedList(new ArrayList<>());
    try (CheckpointStore file = FileStore.at(dir)) {
      file.open();
      CheckpointStore store =
          intercepting(
              file,
              commit -> {
                if (commit.deferred()) {
                  appends.add(commit);
                  if (appends.size() == 1) {
                    awaitQuietly(release); // the first append is still under way
                  }
                }
              });
      try (OutcomeLog log = new OutcomeLog(store)) {
        Thread first = new Thread(() -> log.mark(Change.Item.inProgress("first", 1, 0)));
        first.start();
        while (appends.isEmpty()) {
          Thread.sleep(1);
        }
        log.record(Change.Item.done("early", 1, null)); // returns at once: queued for the next
        List<Thread> others = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
          String node = "n" + i;
          Thread t = new Thread(() -> log.mark(Change.Item.inProgress(node, 1, 0)));
          others.add(t);
          t.start();
        }
        for (Thread t : others) {
          while (t.getState() != Thread.State.WAITING) {
            Thread.sleep(1);
          }
        }
        release.countDown();
        first.join();
        for (Thread t : others) {
          t.join();
        }
        assertThat(appends).hasSize(2);
        assertThat(appends.get(1).changes()).hasSize(8);
        assertThat(((Change.Item) appends.get(1).changes().get(0)).key()).isEqualTo("early");
      }
    }
  }

  @Test
  void anAppendThatFailsFailsTheMarkAndEveryLaterCall() {
    try (CheckpointStore file = FileStore.at(dir)) {
      file.open();
      CheckpointStore store =
          intercepting(
              file,
              commit -> {
                if (commit.deferred()) {
                  throw new IllegalStateException("disk full");
                }
              });
      OutcomeLog log = new OutcomeLog(store);
      assertThatThrownBy(() -> log.mark(Change.Item.inProgress("a", 1, 0)))
          .hasMessageContaining("disk full");
      assertThatThrownBy(() -> log.record(Change.Item.done("a", 1, null)))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("could not be written to disk")
          .hasMessageContaining("disk full");
      assertThatThrownBy(log::finish).hasMessageContaining("disk full");
    }
  }

  /** The store, with {@code beforeCommit} run on the committing thread before each commit. */
  private static CheckpointStore intercepting(
      CheckpointStore store, Consumer<Commit> beforeCommit) {
    return (CheckpointStore)
        Proxy.newProxyInstance(
            CheckpointStore.class.getClassLoader(),
            new Class<?>[] {CheckpointStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("commit")) {
                beforeCommit.accept((Commit) args[0]);
              }
              try {
                return method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
