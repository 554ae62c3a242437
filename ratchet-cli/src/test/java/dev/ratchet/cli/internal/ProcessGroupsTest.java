package dev.ratchet.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
    Process sleeper = startInOwnGroup(ProcessGroups.shared());

    ProcessGroups.closeShared();

    assertThat(sleeper.waitFor(10, TimeUnit.SECONDS))
        .as("the group left running when the watchdog was closed is killed")
        .isTrue();
  }

  @Test
  void aWatchdogStartedAfterTheLastWasClosedWorksAsTheFirst() throws Exception {
    ProcessGroups first = ProcessGroups.shared();
    ProcessGroups.closeShared();
    ProcessGroups second = ProcessGroups.shared();
    Process sleeper = startInOwnGroup(second);

    ProcessGroups.closeShared();

    assertThat(second).isNotSameAs(first);
    assertThat(sleeper.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aCommandKilledTheMomentItStartedDies() throws Exception {
    ProcessGroups groups = ProcessGroups.shared();
    for (int i = 0; i < 20; i++) {
      Process sleeper = groups.start(new ProcessBuilder("sleep", "60"));
      groups.kill(sleeper); // before setsid may have made its group
      assertThat(sleeper.waitFor(10, TimeUnit.SECONDS)).as("kill %d", i).isTrue();
    }
  }

  /** Starts {@code sleep 60} and waits until setsid has made it the leader of its own group. */
  private static Process startInOwnGroup(ProcessGroups groups) throws Exception {
    Process sleeper = groups.start(new ProcessBuilder("sleep", "60"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (processGroupOf(sleeper.pid()) != sleeper.pid()) {
      assertThat(System.nanoTime()).as("setsid made no group in 10 s").isLessThan(deadline);
      Thread.sleep(5);
    }
    return sleeper;
  }

  /** Field 5 of /proc/PID/stat, after the command name in parentheses. */
  private static long processGroupOf(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[2]);
  }
}
