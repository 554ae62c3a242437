package dev.ratchet.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.store.Change;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactChangesTest {
  @Test
  void consecutiveOrdinalsAreOneRunThatReadsAsItsItems() {
    CompactChanges changes =
        CompactChanges.builder()
            .working("7", 7)
            .working("8", 8)
            .done("9", 9)
            .done("x", -1)
            .add(new Change.Position("p", 3))
            .build();

    assertThat(changes.parts()).isEqualTo(4);
    assertThat(changes)
        .containsExactly(
            Change.Item.inProgress("7", 1, 0),
            Change.Item.inProgress("8", 1, 0),
            Change.Item.done("9", 1, null),
            Change.Item.done("x", 1, null),
            new Change.Position("p", 3));
    assertThatThrownBy(() -> changes.get(5)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void listsJoinedEndToEndJoinTheirRuns() {
    CompactChanges first = CompactChanges.builder().done("0", 0).done("1", 1).build();
    CompactChanges second = CompactChanges.builder().done("2", 2).done("4", 4).build();

    CompactChanges joined = CompactChanges.builder().addAll(first).addAll(second).build();

    assertThat(joined.parts()).isEqualTo(2);
    assertThat(joined).hasSize(4).element(2).isEqualTo(Change.Item.done("2", 1, null));
    assertThat(CompactChanges.builder().addAll(List.copyOf(joined)).build()).isEqualTo(joined);
  }
}
