package dev.ratchet.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class OrdinalSetTest {

  @Property(tries = 200)
  void behavesLikeASortedSetOfLongs(
      @ForAll @Size(max = 300) List<@LongRange(min = 0, max = 140_000) Long> ordinals,
      @ForAll @Size(max = 300) List<Boolean> removes) {
    OrdinalSet set = new OrdinalSet();
    TreeSet<Long> model = new TreeSet<>();
    for (int i = 0; i < ordinals.size(); i++) {
      long ordinal = ordinals.get(i);
      boolean remove = i < removes.size() && removes.get(i) && !model.isEmpty();
      if (remove) {
        long victim = model.ceiling(ordinal) == null ? model.first() : model.ceiling(ordinal);
        assertThat(set.remove(victim)).isEqualTo(model.remove(victim));
      } else {
        assertThat(set.add(ordinal)).isEqualTo(model.add(ordinal));
      }
      assertThat(set.size()).isEqualTo(model.size());
      long prefix = 0;
      while (model.contains(prefix)) {
        prefix++;
      }
      assertThat(set.prefix()).isEqualTo(prefix);
      assertThat(set.runs()).isEqualTo(runs(model).size() / 2);
    }
    List<Long> ranges = new ArrayList<>();
    set.forEachRange(
        (start, end) -> {
          ranges.add(start);
          ranges.add(end);
          return 0;
        });
    assertThat(ranges).isEqualTo(runs(model));
  }

  @Property(tries = 300)
  void rangeOperationsBehaveLikeTheirSingleOrdinalLoops(
      @ForAll @Size(max = 40) List<@LongRange(min = 0, max = 200_000) Long> starts,
      @ForAll @Size(max = 40) List<@LongRange(min = 0, max = 70_000) Long> lengths,
      @ForAll @Size(max = 40) List<Boolean> removes) {
    OrdinalSet set = new OrdinalSet();
    TreeSet<Long> model = new TreeSet<>();
    int steps = Math.min(starts.size(), Math.min(lengths.size(), removes.size()));
    for (int i = 0; i < steps; i++) {
      long start = starts.get(i);
      long end = start + lengths.get(i) % (i % 3 == 0 ? 70_000 : 200);
      long changed = 0;
      for (long at = start; at < end; at++) {
        changed += (removes.get(i) ? model.remove(at) : model.add(at)) ? 1 : 0;
      }
      long reported = removes.get(i) ? set.removeRange(start, end) : set.addRange(start, end);
      assertThat(reported).as("changed by step %d", i).isEqualTo(changed);
      assertThat(set.size()).isEqualTo(model.size());
      assertThat(set.runs()).isEqualTo(runs(model).size() / 2);
      long prefix = 0;
      while (model.contains(prefix)) {
        prefix++;
      }
      assertThat(set.prefix()).isEqualTo(prefix);
      for (long probe : new long[] {0, start, end, Math.max(0, start - 1), end + 1, 65_536}) {
        Long present = model.ceiling(probe);
        assertThat(set.nextPresent(probe)).isEqualTo(present == null ? -1 : present);
        long absent = probe;
        while (model.contains(absent)) {
          absent++;
        }
        assertThat(set.nextAbsent(probe)).isEqualTo(absent);
        assertThat(set.contains(probe)).isEqualTo(model.contains(probe));
      }
    }
    List<Long> ranges = new ArrayList<>();
    set.forEachRange(
        (from, to) -> {
          ranges.add(from);
          ranges.add(to);
          return 0;
        });
    assertThat(ranges).isEqualTo(runs(model));
  }

  @Test
  void fullPagesCollapseAndSplitAgain() {
    OrdinalSet set = new OrdinalSet();
    set.addRange(0, 10_000_000);
    assertThat(set.size()).isEqualTo(10_000_000);
    assertThat(set.prefix()).isEqualTo(10_000_000);
    assertThat(set.runs()).isEqualTo(1);
    assertThat(set.remove(70_000)).isTrue();
    assertThat(set.prefix()).isEqualTo(70_000);
    assertThat(set.runs()).isEqualTo(2);
    assertThat(set.contains(70_001)).isTrue();
    assertThat(set.add(70_000)).isTrue();
    assertThat(set.prefix()).isEqualTo(10_000_000);
    assertThat(set.nextAbsent(5)).isEqualTo(10_000_000);
    set.addRange(10_000_001, 10_000_005);
    assertThat(set.runs()).isEqualTo(2);
    set.addRange(10_000_000, 10_000_001);
    assertThat(set.runs()).isEqualTo(1);
    assertThat(set.prefix()).isEqualTo(10_000_005);
  }

  @Test
  void onlyCanonicalDecimalKeysAreOrdinals() {
    assertThat(OrdinalSet.parseOrdinal("0")).isZero();
    assertThat(OrdinalSet.parseOrdinal("42")).isEqualTo(42);
    assertThat(OrdinalSet.parseOrdinal("007")).isEqualTo(-1);
    assertThat(OrdinalSet.parseOrdinal("-1")).isEqualTo(-1);
    assertThat(OrdinalSet.parseOrdinal("")).isEqualTo(-1);
    assertThat(OrdinalSet.parseOrdinal("1e3")).isEqualTo(-1);
    assertThat(OrdinalSet.parseOrdinal("1234567890123456789")).isEqualTo(-1);
  }

  private static List<Long> runs(TreeSet<Long> model) {
    List<Long> ranges = new ArrayList<>();
    Long start = null;
    Long last = null;
    for (long value : model) {
      if (last == null || value != last + 1) {
        if (start != null) {
          ranges.add(start);
          ranges.add(last + 1);
        }
        start = value;
      }
      last = value;
    }
    if (start != null) {
      ranges.add(start);
      ranges.add(last + 1);
    }
    return ranges;
  }
}
