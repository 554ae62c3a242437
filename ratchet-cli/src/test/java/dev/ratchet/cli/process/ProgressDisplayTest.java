package dev.ratchet.cli.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {

  @Test
  void plainLineShowsPercentCountsFailuresRateAndEta() {
    StringWriter text = new StringWriter();
    ProgressDisplay display = ProgressDisplay.create(new PrintWriter(text), false);
    display.checkpointed(new ProgressSnapshot(4, 1, 10, 12.5, Duration.ofSeconds(75)));
    display.finish();
    assertThat(text.toString())
        .isEqualTo(
            "progress: 40% (4/10), 1 failed, 12.5 items/s, ETA 1m15s" + System.lineSeparator());
  }

  @Test
  void plainLineWithoutTotalCountsItems() {
    StringWriter text = new StringWriter();
    ProgressDisplay.create(new PrintWriter(text), false)
        .checkpointed(new ProgressSnapshot(7, 0, -1, 3.0, null));
    assertThat(text.toString()).startsWith("progress: 7 items, 0 failed, 3.0 items/s");
  }

  @Test
  void barRedrawsInPlaceAndEndsWithANewline() {
    StringWriter text = new StringWriter();
    ProgressDisplay bar = ProgressDisplay.create(new PrintWriter(text), true);
    bar.checkpointed(new ProgressSnapshot(10, 2, 10, 100.0, Duration.ZERO));
    bar.finish();
    assertThat(text.toString())
        .startsWith("\r[##############################] 100% 10/10  100.0/s  ETA 0s  failed 2")
        .endsWith(System.lineSeparator());
  }
}
