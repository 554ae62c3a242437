package dev.ratchet.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CI slice of the crash torture ({@code bench/torture} runs thousands of kills by hand): the
 * real {@code ratchet process}, with and without {@code --exec}, {@code ratchet run} and a library
 * program are each killed with {@code kill -9} at random moments, checked after every kill and
 * resumed. System properties: {@code ratchet.torture.kills} (default 4 per target), {@code
 * ratchet.torture.items} (default 2000; a twentieth with {@code --exec}, one shell per item),
 * {@code ratchet.torture.seed} (default: new each run, printed) and {@code ratchet.torture.targets}
 * (default: all; a comma-separated list of target names such as {@code cli_retry}).
 */
class CrashTortureTest {
  @TempDir Path tmp;

  static List<Torture.Target> targets() {
    String chosen = System.getProperty("ratchet.torture.targets", "").trim();
    if (chosen.isEmpty()) {
      return List.of(Torture.Target.values());
    }
    return Arrays.stream(chosen.split(","))
        .map(name -> Torture.Target.valueOf(name.trim().toUpperCase(Locale.ROOT)))
        .toList();
  }

  @ParameterizedTest
  @MethodSource("targets")
  void everyKillIsSurvivedWithEachItemOnceAndEveryDoneResultPresent(Torture.Target target)
      throws Exception {
    int kills = Integer.getInteger("ratchet.torture.kills", 4);
    int items = Integer.getInteger("ratchet.torture.items", 2000);
    if (target == Torture.Target.CLI_EXEC || target == Torture.Target.CLI_RETRY) {
      items = Math.max(50, items / 20);
    }
    long seed = Long.getLong("ratchet.torture.seed", System.nanoTime());
    Path work = Files.createDirectory(tmp.resolve(target.name().toLowerCase()));
    Torture.Result result =
        target == Torture.Target.CLI_RUN
            ? new PipelineTorture(seed, work).run(kills)
            : new Torture(target, seed, items, work).run(kills);
    System.out.println("torture " + result.summary());
    ReliabilityFigures.record(
        "kills survived (" + target.name().toLowerCase().replace('_', ' ') + ")",
        result.kills(),
        result.violation() == null ? 0 : 1,
        "CrashTortureTest / bench/torture",
        result.summary());
    assertThat(result.violation()).as(result.summary()).isNull();
    assertThat(result.kills()).isEqualTo(kills);
  }
}
