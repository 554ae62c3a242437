package dev.ratchet.cli.store;

import dev.ratchet.RatchetException;
import dev.ratchet.cli.ExitCodes;
import dev.ratchet.cli.UsageException;
import dev.ratchet.cli.internal.IoReasons;
import dev.ratchet.cli.process.OutputChecks;
import dev.ratchet.store.RunProgress;
import dev.ratchet.store.SharedRun;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ratchet export}: the results of a run in PostgreSQL or Redis, as JSON lines in input
 * order.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write the results of a run kept in PostgreSQL or Redis (see 'ratchet process --store')"
          + " to FILE, reading only (nothing is created or migrated):"
          + " one JSON line {\"key\", \"input\", \"result\"} per DONE item, in input order, each"
          + " item once. The file is written to a temporary name and renamed, so it is complete"
          + " or absent. Safe while workers are still running: it holds what is done so far."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ratchet export --store postgresql://db.internal/jobs --run-id nightly --output out.jsonl",
      "",
      ExitCodes.HELP_TEXT
    })
public final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Option(names = "--output", required = true, paramLabel = "FILE", description = "Where to write.")
  Path output;

  @Override
  public Integer call() {
    if (!store.given()) {
      throw new UsageException("export needs --store URL --run-id ID");
    }
    OutputChecks.check(output, null, OutputChecks.WRITTEN_WHOLE);
    PrintWriter out = spec.commandLine().getOut();
    return StoreCommands.withConnection(
        store,
        true,
        c -> {
          if (!c.sharesRuns()) {
            throw new UsageException(
                "--store "
                    + store.display()
                    + " is a checkpoint of one process: it records which items are done, not their"
                    + " results, which that run wrote to its --output. export reads runs in"
                    + " postgresql:// or redis:// stores");
          }
          String runId = store.runId();
          String where = c.location();
          SharedRun run = c.run(runId);
          if (!run.exists()) {
            throw new UsageException(
                "there is no run '" + runId + "' in " + where + "; check --run-id");
          }
          long lines;
          try {
            lines = run.exportJsonLines(output);
          } catch (UncheckedIOException e) {
            throw new RatchetException(
                "cannot write "
                    + output
                    + " ("
                    + IoReasons.of(e.getCause())
                    + "); it was not changed: choose a --output in a directory you can write",
                e);
          }
          RunProgress p = run.progress();
          out.println(
              "Exported "
                  + lines
                  + " results of run '"
                  + runId
                  + "' to "
                  + output
                  + (p.open() > 0 ? " (" + p.open() + " items are not finished yet)" : "")
                  + (p.failed() > 0 ? "; " + p.failed() + " failed items are not in it" : "")
                  + ".");
          return ExitCodes.OK;
        });
  }
}
