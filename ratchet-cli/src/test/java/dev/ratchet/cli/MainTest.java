package dev.ratchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void versionPrintsTheBuildVersion() {
    CliResult result = InProcess.run("--version");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).startsWith("ratchet 0.").doesNotContain("${");
  }

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    CliResult result = InProcess.run("--help");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("completion", "Exit codes:", "130  stopped by Ctrl-C");
    for (String command :
        List.of("process", "status", "clear", "export", "mark", "gc", "run", "graph", "ui")) {
      assertThat(result.out()).contains("\n  " + command + " ");
    }
  }

  @Test
  void aCommandLineBuildsOnlyTheSubcommandItNames() {
    assertThat(Main.subcommandsFor("status", "--checkpoint", "x")).hasSize(1);
    assertThat(Main.subcommandsFor("--version")).isEmpty();
    assertThat(Main.subcommandsFor("completion")).isEqualTo(RatchetCommand.SUBCOMMANDS);
    assertThat(Main.subcommandsFor("--help")).isEqualTo(RatchetCommand.SUBCOMMANDS);
    assertThat(Main.subcommandsFor("stauts")).isEqualTo(RatchetCommand.SUBCOMMANDS);
  }

  @Test
  void aSubcommandsHelpNamesItUnderTheRoot() {
    CliResult result = InProcess.run("status", "--help");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("Usage: ratchet status");
  }

  @Test
  void aMistypedCommandIsAUsageErrorThatSuggestsTheRealOne() {
    CliResult result = InProcess.run("stauts");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("stauts", "status");
  }

  @Test
  void unknownOptionIsUsageErrorWithHint() {
    CliResult result = InProcess.run("--bogus");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("Unknown option: '--bogus'", "ratchet --help");
  }

  @Test
  void noCommandIsUsageError() {
    CliResult result = InProcess.run();
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("missing command");
  }

  @Test
  void completionScriptCompletesTheCommands() {
    CliResult result = InProcess.run("completion");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out())
        .startsWith("#!/usr/bin/env bash")
        .contains("complete -F", "completion", "process", "status", "export");
  }
}
