package dev.ratchet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void medianOfOddAndEvenCountsWithSpread() {
    assertThat(Stats.of(5, 1, 3)).isEqualTo(new Stats(3, 1, 5, 3));
    assertThat(Stats.of(4, 1, 3, 2)).isEqualTo(new Stats(2.5, 1, 4, 4));
  }

  @Test
  void invertingARateIntoACostSwapsTheBounds() {
    assertThat(Stats.of(100, 200, 400).inverted(1e6)).isEqualTo(new Stats(5000, 2500, 10000, 3));
  }
}
