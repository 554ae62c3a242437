package dev.ratchet.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcessGroupsTest {
  @AfterEach
  void endWatchdog() {
    ProcessGroups.closeShared();
  }

  @Test
  void closingTheWatchdogKillsTheGroupsStillRunning() throws Exception {
    Process sleeper = ProcessGroups.shared().start(new ProcessBuilder("sleep", "60"));
    assertThat(sleeper.isAlive()).isTrue();

    ProcessGroups.closeShared();

    assertThat(sleeper.waitFor(10, TimeUnit.SECONDS))
        .as("the group left running when the watchdog was closed is killed")
        .isTrue();
  }

  @Test
  void aWatchdogStartsAgainAfterTheLastWasClosed() throws Exception {
    ProcessGroups first = ProcessGroups.shared();
    ProcessGroups.closeShared();

    ProcessGroups second = ProcessGroups.shared();
    Process sleeper = second.start(new ProcessBuilder("sleep", "60"));
    second.kill(sleeper);

    assertThat(second).isNotSameAs(first);
    assertThat(sleeper.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }
}
