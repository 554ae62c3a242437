package dev.ratchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Process control of {@code ratchet run} steps through the real CLI. */
class RunControlEndToEndTest {
  @TempDir Path dir;
  ChildCli cli;

  @BeforeEach
  void setUp() {
    cli = new ChildCli(dir);
  }

  @Test
  void ctrlCToTheGroupStopsWithTheSummaryAndExit130AndTheKilledStepIsNotFailed() throws Exception {
    cli.ownProcessGroup();
    Files.writeString(
        dir.resolve("pipeline.yaml"),
        """
        steps:
          quick: {run: 'echo quick'}
          hang:
            needs: [quick]
            run: 'if [ -e go ]; then echo hang-done; else (sleep 1000 &); echo $$ > pgid.tmp;\
         mv pgid.tmp pgid; sleep 1000; fi'
        """);
    ChildCli.Started run = cli.start("run", "pipeline.yaml");
    long pgid = Long.parseLong(awaitFile(dir.resolve("pgid")).strip());
    long t0 = System.nanoTime();
    run.signalGroup("INT");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.readString(run.err()).contains("stopping") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    run.signalGroup("INT");
    int code = run.waitFor();
    System.out.println(
        "ratchet run stop latency (two SIGINTs to the group): "
            + (System.nanoTime() - t0) / 1_000_000
            + " ms");
    CliResult stopped = run.result();
    assertThat(code).as(stopped.toString()).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(stopped.out())
        .contains("1 succeeded", "0 failed", "stopped on request")
        .doesNotContain("FAILED");
    assertThat(stopped.err()).doesNotContain("Exception");
    ProcessControlEndToEndTest.awaitGone(pgid);

    Files.writeString(dir.resolve("go"), "");
    CliResult rest = cli.run("run", "pipeline.yaml");
    assertThat(rest.exitCode()).as(rest.toString()).isZero();
    assertThat(rest.out()).contains("hang-done");
  }

  @Test
  void oneSignalWithAShortStopGraceKillsTheRunningStepOnceTheGraceIsOver() throws Exception {
    cli.ownProcessGroup();
    Files.writeString(
        dir.resolve("pipeline.yaml"),
        """
        steps:
          hang: {run: 'echo $$ > pgid.tmp; mv pgid.tmp pgid; sleep 1000'}
        """);
    ChildCli.Started run = cli.start("run", "pipeline.yaml", "--stop-grace", "1s");
    long pgid = Long.parseLong(awaitFile(dir.resolve("pgid")).strip());
    run.signalGroup("TERM");
    int code = run.waitFor();
    CliResult stopped = run.result();
    assertThat(code).as(stopped.toString()).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(stopped.err()).contains("running steps get 1s to finish");
    assertThat(stopped.out()).contains("0 failed", "stopped on request");
    ProcessControlEndToEndTest.awaitGone(pgid);

    CliResult bad = cli.run("run", "pipeline.yaml", "--stop-grace", "soon");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("--stop-grace 'soon' is not a positive duration");
  }

  @Test
  void aStepPrintingAHugeLineUnderASmallHeapHasTheLineCutAndSucceeds() throws Exception {
    cli.jvmOptions("-Xmx64m");
    Files.writeString(
        dir.resolve("pipeline.yaml"),
        """
        steps:
          long: {run: 'head -c 300000000 /dev/zero | tr "\\\\0" x; echo; echo after'}
        """);
    CliResult r = cli.run("run", "pipeline.yaml");
    assertThat(r.exitCode()).as(r.toString().substring(0, 2000)).isZero();
    assertThat(r.out())
        .contains("[line cut: " + (300_000_000 - 65_536) + " more bytes not shown]")
        .contains("[long] after")
        .doesNotContain("exit code 141");
    assertThat(r.err()).doesNotContain("OutOfMemory");
  }

  private static String awaitFile(Path file) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(file)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(file + " did not appear");
      }
      Thread.sleep(20);
    }
    return Files.readString(file);
  }
}
