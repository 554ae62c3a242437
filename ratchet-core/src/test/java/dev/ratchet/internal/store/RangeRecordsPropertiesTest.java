package dev.ratchet.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.ItemState;
import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.FsyncPolicy;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.StateCounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Range records mean exactly what the item records they replace mean. Random commits, heavy in runs
 * of consecutive ordinals marked IN_PROGRESS or DONE at their first attempt (what the pipeline
 * writes) and mixed with every other kind of change on the same keys, go through a real {@link
 * FileStore} (compacting often); after every commit, and again after reopening, every key, the
 * counts, the done prefix and the ordinal navigation must match a model that applies the changes
 * one by one, written without any knowledge of ranges.
 */
class RangeRecordsPropertiesTest {
  private static final int ORDINALS = 60;
  private static final List<String> KEYS = keys();

  private static List<String> keys() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < ORDINALS; i++) {
      keys.add(Integer.toString(i));
    }
    keys.addAll(List.of("007", "a", "b"));
    return List.copyOf(keys);
  }

  @Provide
  Arbitrary<List<List<Change>>> histories() {
    Arbitrary<List<Change>> run =
        Combinators.combine(
                Arbitraries.integers().between(0, ORDINALS - 1),
                Arbitraries.integers().between(1, 15),
                Arbitraries.of(ItemState.DONE, ItemState.IN_PROGRESS))
            .as(RangeRecordsPropertiesTest::run);
    Arbitrary<List<Change>> single = Histories.change().map(List::of);
    Arbitrary<List<Change>> ordinalSingle =
        Combinators.combine(
                Arbitraries.integers().between(0, ORDINALS - 1),
                Arbitraries.of(ItemState.values()),
                Arbitraries.integers().between(1, 2),
                Arbitraries.of("read", "write"))
            .as(
                (ordinal, state, attempts, step) ->
                    state == ItemState.PENDING
                        ? List.<Change>of(new Change.Step(Integer.toString(ordinal), step, "\"v\""))
                        : List.<Change>of(
                            new Change.Item(
                                Integer.toString(ordinal), state, attempts, 0, null, null, false)));
    Arbitrary<List<Change>> part =
        Arbitraries.frequencyOf(Tuple.of(5, run), Tuple.of(3, ordinalSingle), Tuple.of(2, single));
    return part.list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(parts -> parts.stream().flatMap(List::stream).toList())
        .list()
        .ofMinSize(1)
        .ofMaxSize(12);
  }

  private static List<Change> run(int start, int length, ItemState state) {
    List<Change> changes = new ArrayList<>();
    for (int ordinal = start; ordinal < Math.min(ORDINALS, start + length); ordinal++) {
      String key = Integer.toString(ordinal);
      changes.add(
          state == ItemState.DONE
              ? Change.Item.done(key, 1, null)
              : Change.Item.inProgress(key, 1, 0));
    }
    return changes;
  }

  @Property(tries = 120)
  void rangesMeanWhatTheirItemsMean(
      @ForAll("histories") List<List<Change>> history,
      @ForAll("compaction") long compactAt,
      @ForAll boolean mac,
      @ForAll boolean compact)
      throws IOException {
    Path dir = Files.createTempDirectory("ratchet-ranges").resolve("c");
    try {
      Model model = new Model();
      try (FileStore store = store(dir, compactAt, mac)) {
        store.open();
        for (List<Change> changes : history) {
          store.commit(Commit.of(compact ? compact(changes) : changes));
          changes.forEach(model::apply);
          model.check(store);
        }
      }
      try (FileStore reopened = store(dir, compactAt, mac)) {
        List<String> interrupted = reopened.open().interrupted();
        model.check(reopened);
        assertThat(interrupted).isEqualTo(model.interrupted());
      }
    } finally {
      FileStore.at(dir).delete();
      Files.deleteIfExists(dir.getParent());
    }
  }

  /**
   * The same changes as the pipeline builds them: items that can join a range added by ordinal, the
   * others as they are. Read as a list, it is the changes.
   */
  private static List<Change> compact(List<Change> changes) {
    CompactChanges.Builder builder = CompactChanges.builder();
    for (Change change : changes) {
      int kind = change instanceof Change.Item item ? ChangeRuns.kind(item) : ChangeRuns.NONE;
      String key = change instanceof Change.Item item ? item.key() : null;
      if (kind == ChangeRuns.DONE) {
        builder.done(key, OrdinalSet.parseOrdinal(key));
      } else if (kind == ChangeRuns.WORKING) {
        builder.working(key, OrdinalSet.parseOrdinal(key));
      } else {
        builder.add(change);
      }
    }
    CompactChanges compact = builder.build();
    assertThat(compact).isEqualTo(changes).hasSameHashCodeAs(changes);
    assertThat(Commit.of(compact).changes()).isSameAs(compact);
    return compact;
  }

  @Provide
  Arbitrary<Long> compaction() {
    return Arbitraries.longs().between(64, 3000);
  }

  private static FileStore store(Path dir, long compactAt, boolean mac) {
    FileStore.Builder builder =
        FileStore.builder(dir).fsync(FsyncPolicy.NEVER).compactAtBytes(compactAt);
    if (mac) {
      builder.hmacKey("range-records-property-key".getBytes());
    }
    return builder.build();
  }

  /** Item records applied one change at a time, as the {@link Change} javadoc defines them. */
  private static final class Model {
    private final Map<String, ItemRecord> records = new TreeMap<>();

    void apply(Change change) {
      if (change instanceof Change.Item item) {
        ItemRecord old = records.get(item.key());
        Map<String, String> steps =
            old == null || item.state() == ItemState.DONE ? Map.of() : old.steps();
        records.put(
            item.key(),
            new ItemRecord(
                item.key(),
                item.state(),
                item.attempts(),
                item.interruptions(),
                item.result(),
                item.error(),
                item.manual(),
                steps));
      } else if (change instanceof Change.Step step) {
        ItemRecord old = records.get(step.key());
        if (old != null && old.state() == ItemState.DONE) {
          return;
        }
        ItemRecord base =
            old != null
                ? old
                : new ItemRecord(step.key(), ItemState.PENDING, 0, 0, null, null, false, Map.of());
        Map<String, String> steps = new LinkedHashMap<>(base.steps());
        steps.put(step.step(), step.value());
        records.put(
            step.key(),
            new ItemRecord(
                base.key(),
                base.state(),
                base.attempts(),
                base.interruptions(),
                base.result(),
                base.error(),
                base.manual(),
                steps));
      }
    }

    boolean isDone(long ordinal) {
      ItemRecord record = records.get(Long.toString(ordinal));
      return record != null && record.state() == ItemState.DONE;
    }

    List<String> interrupted() {
      return records.values().stream()
          .filter(r -> r.state() == ItemState.IN_PROGRESS)
          .map(ItemRecord::key)
          .sorted(StateViews.KEY_ORDER)
          .toList();
    }

    void check(FileStore store) {
      for (String key : KEYS) {
        assertThat(store.get(key))
            .as("record of %s", key)
            .isEqualTo(Optional.ofNullable(records.get(key)));
      }
      long[] n = new long[ItemState.values().length];
      records.values().forEach(r -> n[r.state().ordinal()]++);
      assertThat(store.counts())
          .isEqualTo(
              new StateCounts(
                  n[ItemState.IN_PROGRESS.ordinal()],
                  n[ItemState.DONE.ordinal()],
                  n[ItemState.FAILED.ordinal()],
                  n[ItemState.SKIPPED.ordinal()]));
      for (long from = 0; from <= ORDINALS; from++) {
        long undone = from;
        while (isDone(undone)) {
          undone++;
        }
        assertThat(store.nextUndoneOrdinal(from)).as("next undone from %d", from).isEqualTo(undone);
        long recorded = from;
        while (recorded < ORDINALS && !records.containsKey(Long.toString(recorded))) {
          recorded++;
        }
        assertThat(store.nextRecordedOrdinal(from))
            .as("next recorded from %d", from)
            .isEqualTo(recorded == ORDINALS ? Long.MAX_VALUE : recorded);
      }
      assertThat(store.doneOrdinalPrefix()).isEqualTo(store.nextUndoneOrdinal(0));
      // every record is visited once, except that DONE ones below the done prefix may be skipped
      List<String> visited = new ArrayList<>();
      store.forEachRecord(r -> visited.add(r.key()));
      long prefix = store.doneOrdinalPrefix();
      assertThat(visited).doesNotHaveDuplicates();
      assertThat(records.keySet()).containsAll(visited);
      for (String key : records.keySet()) {
        long ordinal = OrdinalSet.parseOrdinal(key);
        if (ordinal < 0 || ordinal >= prefix || !records.get(key).equals(compactDone(key))) {
          assertThat(visited).as("visited records").contains(key);
        }
      }
    }

    private static ItemRecord compactDone(String key) {
      return new ItemRecord(key, ItemState.DONE, 1, 0, null, null, false, Map.of());
    }
  }
}
