package dev.ratchet.cli.run;

import dev.ratchet.dag.TaskContext;
import java.util.regex.Pattern;

/**
 * A step's {@code when:} condition, evaluated when all of the step's needs have completed. A false
 * condition skips the step (and the steps that need it); the skip is kept on resume.
 */
sealed interface StepCondition {

  boolean test(TaskContext ctx, ShellRunner shell) throws Exception;

  /** {@code when: {step: S, output_contains: T}}: S's output tail contains T. */
  record OutputContains(String step, String text) implements StepCondition {
    @Override
    public boolean test(TaskContext ctx, ShellRunner shell) {
      return ctx.result(step, StepResult.class).outputTail().contains(text);
    }
  }

  /** {@code when: {step: S, output_equals: T}}: S's last output line, trimmed, equals T. */
  record OutputEquals(String step, String text) implements StepCondition {
    @Override
    public boolean test(TaskContext ctx, ShellRunner shell) {
      return ctx.result(step, StepResult.class).lastLine().equals(text);
    }
  }

  /** {@code when: {step: S, output_matches: R}}: the regular expression R is found in S's tail. */
  record OutputMatches(String step, Pattern pattern) implements StepCondition {
    @Override
    public boolean test(TaskContext ctx, ShellRunner shell) {
      return pattern.matcher(ctx.result(step, StepResult.class).outputTail()).find();
    }
  }

  /** {@code when: {command: C}}: the shell command C exits with status 0. */
  record Command(String command) implements StepCondition {
    @Override
    public boolean test(TaskContext ctx, ShellRunner shell) throws Exception {
      return shell.check(ctx, command) == 0;
    }
  }
}
