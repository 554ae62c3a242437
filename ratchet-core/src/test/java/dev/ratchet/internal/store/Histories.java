package dev.ratchet.internal.store;

import dev.ratchet.ItemState;
import dev.ratchet.store.Change;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Random commit histories over a small key space, so keys collide and states change. */
final class Histories {
  static final List<String> KEYS = List.of("0", "1", "2", "3", "4", "5", "a", "b");

  private Histories() {}

  static Arbitrary<String> text() {
    return Arbitraries.oneOf(
        Arbitraries.strings()
            .withCharRange(' ', '~')
            .withChars('é', '\n', '"', '\\', '€', '\u0000')
            .ofMaxLength(8),
        Arbitraries.of("😀", "{\"n\":[1,2]}"));
  }

  static Arbitrary<Change> change() {
    Arbitrary<String> keys = Arbitraries.of(KEYS);
    Arbitrary<Change> item =
        Combinators.combine(
                keys,
                Arbitraries.of(
                    ItemState.IN_PROGRESS, ItemState.DONE, ItemState.FAILED, ItemState.SKIPPED),
                Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(0, 1),
                text().injectNull(0.6),
                Arbitraries.of(false, false, true))
            .as(
                (key, state, attempts, interruptions, text, manual) ->
                    new Change.Item(
                        key,
                        state,
                        attempts,
                        state == ItemState.DONE ? 0 : interruptions,
                        state == ItemState.DONE ? text : null,
                        state == ItemState.FAILED || state == ItemState.SKIPPED ? text : null,
                        manual));
    Arbitrary<Change> step =
        Combinators.combine(keys, Arbitraries.of("read", "write"), text()).as(Change.Step::new);
    Arbitrary<Change> position =
        Combinators.combine(Arbitraries.of("out", "in"), Arbitraries.longs().between(0, 1L << 40))
            .as(Change.Position::new);
    Arbitrary<Change> meta =
        Combinators.combine(Arbitraries.of("m1", "m2"), text().injectNull(0.3))
            .as(Change.Meta::new);
    return Arbitraries.frequencyOf(
        Tuple.of(8, item), Tuple.of(2, step), Tuple.of(1, position), Tuple.of(1, meta));
  }

  static Arbitrary<List<List<Change>>> histories(int maxCommits) {
    return change().list().ofMinSize(1).ofMaxSize(5).list().ofMinSize(1).ofMaxSize(maxCommits);
  }
}
