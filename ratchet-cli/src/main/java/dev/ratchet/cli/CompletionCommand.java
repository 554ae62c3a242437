package dev.ratchet.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints a bash/zsh completion script for every ratchet command, generated from the options. */
@Command(
    name = "completion",
    description = "Print a bash/zsh completion script for ratchet.",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  source <(ratchet completion)                 # this shell only",
      "  ratchet completion > ~/.ratchet-completion   # then add 'source ~/.ratchet-completion'"
          + " to ~/.bashrc"
    })
final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String script = AutoComplete.bash("ratchet", spec.root().commandLine());
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
