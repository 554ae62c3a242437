package dev.ratchet.reliability;

import dev.ratchet.CheckpointDamagedException;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.Recovery;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Opens a damaged copy of a {@link SampleCheckpoint} with the real store and decides whether the
 * outcome keeps the promise: the full state, an earlier state with the torn tail cut and reported,
 * or a {@link CheckpointDamagedException} naming file and offset. Anything else (a wrong state,
 * another exception) is a violation, thrown as an {@link AssertionError} naming the damage.
 */
final class CorruptionJudge {
  /** How a damaged checkpoint ended. */
  enum Verdict {
    UNCHANGED,
    TORN_TAIL_CUT,
    EARLIER_STATE_AT_RECORD_BOUNDARY,
    DETECTED
  }

  private final SampleCheckpoint sample;
  private final List<StoreModel> prefixes = new ArrayList<>();
  private final Map<Verdict, Long> counts = new EnumMap<>(Verdict.class);

  CorruptionJudge(SampleCheckpoint sample) {
    this.sample = sample;
    for (int k = 0; k <= sample.commits().size(); k++) {
      prefixes.add(StoreModel.after(sample.commits().subList(0, k)));
    }
  }

  Map<Verdict, Long> counts() {
    return counts;
  }

  long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Judges the sample with {@code files} in place of its own. {@code boundaryCutAllowed}: the
   * damage is a truncation, which may end exactly at a record boundary and so look like a crash
   * before the later commits were written.
   */
  Verdict judge(Map<String, byte[]> files, String damage, boolean boundaryCutAllowed) {
    sample.restore(files);
    Verdict verdict;
    try {
      verdict = open(damage, boundaryCutAllowed);
    } catch (CheckpointDamagedException e) {
      String message = e.getMessage();
      if (!message.contains(e.file().getFileName().toString())
          || !message.contains("offset " + e.offset())) {
        throw new AssertionError(damage + ": damage error without file and offset: " + message);
      }
      verdict = Verdict.DETECTED;
    } catch (RuntimeException e) {
      throw new AssertionError(sample.name() + ", " + damage + ": unexpected " + e, e);
    } finally {
      sample.restore(sample.files());
    }
    counts.merge(verdict, 1L, Long::sum);
    return verdict;
  }

  private Verdict open(String damage, boolean boundaryCutAllowed) {
    try (FileStore store = sample.store()) {
      Recovery recovery = store.open();
      StoreModel observed = StoreModel.observe(store, keys());
      if (observed.equals(prefixes.get(prefixes.size() - 1))) {
        return Verdict.UNCHANGED;
      }
      int k = prefixes.indexOf(observed);
      if (k < 0) {
        throw new AssertionError(
            sample.name() + ", " + damage + ": opened with a wrong state " + observed);
      }
      if (recovery.tornTail().isPresent()) {
        return Verdict.TORN_TAIL_CUT;
      }
      if (!boundaryCutAllowed) {
        throw new AssertionError(
            sample.name()
                + ", "
                + damage
                + ": commits after "
                + k
                + " vanished without a torn tail being reported");
      }
      return Verdict.EARLIER_STATE_AT_RECORD_BOUNDARY;
    }
  }

  private static List<String> keys() {
    List<String> keys = new ArrayList<>(SampleCheckpoint.KEYS);
    keys.add("late");
    return keys;
  }
}
