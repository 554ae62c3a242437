package dev.ratchet.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecCommandTest {
  private ExecCommand exec;

  @AfterEach
  void close() {
    if (exec != null) {
      exec.close();
    }
  }

  @Test
  void itemComesOnStandardInputAndInTheEnvironment() throws Exception {
    exec =
        new ExecCommand(
            "read line; printf '%s|%s|%s' \"$line\" \"$RATCHET_ITEM\" \"$RATCHET_KEY\"");
    assertThat(exec.run("a b", "run:7")).isEqualTo("a b|a b|run:7");
  }

  @Test
  void oneTrailingNewlineOfTheOutputIsDropped() throws Exception {
    exec = new ExecCommand("printf 'x\\n\\n'");
    assertThat(exec.run("i", "k")).isEqualTo("x\n");
  }

  @Test
  void nonZeroExitCarriesTheCodeAndTheTailOfStandardError() {
    exec = new ExecCommand("head -c 5000 /dev/zero | tr '\\0' e >&2; echo last words >&2; exit 7");
    assertThatThrownBy(() -> exec.run("i", "k"))
        .isInstanceOfSatisfying(
            ExecFailedException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(7);
              assertThat(e.stderrTail()).endsWith("last words").hasSizeLessThanOrEqualTo(2000);
              assertThat(e.getMessage()).startsWith("exit code 7: eee");
            });
  }

  @Test
  void aCommandThatIgnoresStandardInputStillWorks() throws Exception {
    exec = new ExecCommand("echo done");
    assertThat(exec.run("x".repeat(200_000), "k")).isEqualTo("done");
  }

  @Test
  void anItemTooLongForTheEnvironmentComesOnStandardInputOnly() throws Exception {
    exec = new ExecCommand("printf '%s ' \"${RATCHET_ITEM:-unset}\"; wc -c");
    assertThat(exec.run("y".repeat(150_000), "k")).isEqualTo("unset 150001");
  }

  @Test
  void largeOutputOnBothStreamsDoesNotDeadlock() throws Exception {
    exec =
        new ExecCommand("cat; head -c 300000 /dev/zero >&2; head -c 300000 /dev/zero | tr '\\0' o");
    String out = exec.run("in", "k");
    assertThat(out).startsWith("in\no").hasSize(3 + 300_000);
  }

  @Test
  void shellSyntaxInTheItemIsNotExecuted() throws Exception {
    exec = new ExecCommand("printf %s \"$RATCHET_ITEM\"");
    assertThat(exec.run("$(echo hi); `echo x` 'q\"", "k")).isEqualTo("$(echo hi); `echo x` 'q\"");
  }

  @Test
  void aBackgroundChildHoldingStandardOutputDoesNotHangTheItem() throws Exception {
    exec = new ExecCommand("(sleep 1000 &); echo hi");
    assertThat(exec.run("i", "k")).isEqualTo("hi");
  }

  @Test
  void outputPastTheLimitFailsTheItemAndKillsTheCommand() {
    exec = new ExecCommand("head -c 100000 /dev/zero; sleep 1000", 4096);
    assertThatThrownBy(() -> exec.run("i", "k"))
        .isInstanceOf(ResultTooLargeException.class)
        .hasMessageStartingWith("result larger than 4096 bytes");
  }

  @Test
  void outputExactlyAtTheLimitIsKept() throws Exception {
    exec = new ExecCommand("head -c 4096 /dev/zero | tr '\\0' a", 4096);
    assertThat(exec.run("i", "k")).hasSize(4096);
  }
}
