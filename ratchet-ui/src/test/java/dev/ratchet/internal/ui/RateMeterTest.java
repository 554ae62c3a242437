package dev.ratchet.internal.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateMeterTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void rateAndEtaComeFromReadingsOverTheWindow() {
    RateMeter meter = new RateMeter();
    assertThat(meter.observe("run", 0, 0, 100)).isEqualTo(RateMeter.Rate.UNKNOWN);
    RateMeter.Rate rate = meter.observe("run", 2 * SECOND, 20, 100);
    assertThat(rate.perSecond()).isEqualTo(10.0);
    assertThat(rate.etaSeconds()).isEqualTo(8);
    assertThat(meter.observe("run", 3 * SECOND, 20, -1).etaSeconds()).isNull();
  }

  @Test
  void aCountThatGoesBackStartsTheWindowOver() {
    RateMeter meter = new RateMeter();
    meter.observe("run", 0, 50, 100);
    meter.observe("run", SECOND, 60, 100);
    assertThat(meter.observe("run", 2 * SECOND, 5, 100)).isEqualTo(RateMeter.Rate.UNKNOWN);
  }
}
