package dev.ratchet.cli.process;

import dev.ratchet.cli.ExitCodes;
import dev.ratchet.cli.KeyFileOption;
import dev.ratchet.cli.UsageException;
import dev.ratchet.cli.store.IgnoredWithStore;
import dev.ratchet.cli.store.StoreCommands;
import dev.ratchet.cli.store.StoreOptions;
import dev.ratchet.cli.store.StoreWorker;
import dev.ratchet.store.StoreConnection;
import dev.ratchet.store.Stores;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ratchet process}: every line of a file through a command, resumably. */
@Command(
    name = "process",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Process every line of INPUT as one item and write one JSON record per finished item to"
          + " OUTPUT. Progress is checkpointed after every batch: if the run dies (a crash,"
          + " kill -9, Ctrl-C, a reboot), run the same command again and only the work that is"
          + " left is done. OUTPUT then holds every item exactly once.",
      "",
      "Without --exec, the built-in transform runs: the result is"
          + " {\"upper\": the line in upper case, \"words\": N, \"chars\": N}.",
      "With --exec CMD, CMD runs through 'sh -c' once per item, with the item's text on"
          + " standard input and in $RATCHET_ITEM, and its idempotency key (run id:item key) in"
          + " $RATCHET_KEY. Its standard output (less one trailing newline) is the result; a"
          + " non-zero exit fails the item and records the exit code and the end of standard"
          + " error. The item's text is never put into the command line. (An item over 100 KB,"
          + " with a NUL byte or with bytes that are not UTF-8 comes on standard input only,"
          + " exactly: the environment cannot hold it.)",
      "",
      "Each output line is {\"key\": line number from 0, \"input\": the line, \"result\": …}."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ratchet process --input examples/sample-input.txt --output out.jsonl",
      "  ratchet process --input urls.txt --output pages.jsonl --workers 8 --retries 2 \\",
      "      --exec 'curl -fsS --max-time 30 \"$RATCHET_ITEM\"'",
      "  ratchet process --input ids.txt --output out.json --format json --exec 'wc -c'",
      "  ratchet process --input ids.txt --output out.jsonl --simulate-crash 40   # then run again",
      "  ratchet process --input ids.txt --output out.jsonl --fresh               # start over",
      "",
      "The checkpoint (default OUTPUT.ratchet) is removed when every item is done, unless"
          + " --keep-checkpoint is given; after failures it stays, and running the same command"
          + " again retries only the failed items. Inspect it with 'ratchet status'.",
      "",
      ExitCodes.HELP_TEXT
    })
public final class ProcessCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @CommandLine.Mixin StoreOptions store;

  @Option(
      names = "--input",
      paramLabel = "FILE",
      description =
          "Items, one a line, kept byte for byte (a line that is not UTF-8 is written as"
              + " input_base64). Required unless --store.")
  Path input;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Where results go (JSON lines unless --format json).")
  Path output;

  @Option(
      names = "--checkpoint",
      paramLabel = "PATH",
      description = "Checkpoint directory. Default: OUTPUT.ratchet next to the output.")
  Path checkpoint;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "100",
      description = "Items committed together in one checkpoint. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--workers",
      paramLabel = "N",
      defaultValue = "1",
      description = "Items processed at once; output keeps input order. Default: ${DEFAULT-VALUE}.")
  int workers;

  @Option(
      names = "--exec",
      paramLabel = "CMD",
      description = "Shell command run per item (see above). Default: the built-in transform.")
  String exec;

  @Option(
      names = "--exec-stream",
      paramLabel = "CMD",
      description =
          "One long-lived shell command per worker instead of one per item: it reads items on"
              + " standard input, one a line, and prints exactly one result line per item, in"
              + " order (diagnostics go to standard error). It must flush each line. If it exits"
              + " or breaks that rule, the item in hand fails and a fresh command starts.")
  String execStream;

  @Option(
      names = "--stream-ahead",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "With --exec-stream: items sent to each command before the first one's answer comes"
              + " back; answers are matched to items by order. Above 1 the items wait in the"
              + " pipe instead of a round trip each, but a command that prints two lines for one"
              + " item shifts the answers after it. Default: ${DEFAULT-VALUE}.")
  int streamAhead;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Retries of a failing item within this run, with exponential backoff. Default:"
              + " ${DEFAULT-VALUE}.")
  int retries;

  @Option(
      names = "--crash-limit",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "An item in flight when the process died N times is marked FAILED instead of run"
              + " again (it may be what kills the process). Default: ${DEFAULT-VALUE}.")
  int crashLimit;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description =
          "Time limit of one item (500ms, 30s, 5m, 2h): past it the item's --exec command and"
              + " everything it started are killed, the item fails ('timed out after 30s') and"
              + " the run goes on. Default: none.")
  String timeout;

  @Option(
      names = "--max-result-bytes",
      paramLabel = "SIZE",
      defaultValue = "16m",
      description =
          "The most standard output one --exec item may print (bytes, or 64k, 16m, 1g): past"
              + " it the command is killed and the item fails. Default: ${DEFAULT-VALUE}.")
  String maxResultBytes;

  @Option(
      names = "--stop-grace",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description =
          "After Ctrl-C or SIGTERM, how long items in flight may finish before their commands are"
              + " killed and they are left not done (a second Ctrl-C kills them at once)."
              + " Default: ${DEFAULT-VALUE}.")
  String stopGrace;

  @Option(
      names = "--fail-fast",
      description = "Stop after the batch in which an item first fails (exit code 1).")
  boolean failFast;

  @Option(
      names = "--fresh",
      description = "Discard an existing checkpoint and the output, and start over.")
  boolean fresh;

  @Option(
      names = "--keep-checkpoint",
      description = "Keep the checkpoint after full success (it is removed otherwise).")
  boolean keepCheckpoint;

  @Option(
      names = "--simulate-crash",
      paramLabel = "N",
      description =
          "For demos and tests: halt the process after N items without committing the open"
              + " batch, as a crash would (exit code 86).")
  Integer simulateCrash;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "jsonl",
      description =
          "jsonl (one record a line, written as items finish) or json (one array, written when"
              + " the run succeeds). Default: ${DEFAULT-VALUE}.")
  OutputFormat format;

  @Option(
      names = "--progress",
      paramLabel = "MODE",
      defaultValue = "auto",
      description =
          "bar, lines (one 'progress:' line per checkpoint), none, or auto (bar on a terminal,"
              + " lines otherwise). Default: ${DEFAULT-VALUE}.")
  ProgressMode progress;

  /** How progress is shown. */
  public enum ProgressMode {
    auto,
    bar,
    lines,
    none
  }

  @Mixin KeyFileOption keyFile = new KeyFileOption();

  @Override
  public Integer call() {
    if (store.given()) {
      // refused before connecting: only a run that workers share has a --run-id
      if (store.namesRun()) {
        IgnoredWithStore.refuseForProcess(spec);
        if (output != null) {
          OutputChecks.check(output, input, OutputChecks.WRITTEN_WHOLE);
        }
      } else {
        IgnoredWithStore.refuseForLocalStore(spec);
      }
      return StoreCommands.withConnection(store, false, this::inStore);
    }
    return new ProcessRun(validate(null, null), spec.commandLine().getOut(), progressDisplay())
        .keyFile(keyFile)
        .call();
  }

  /**
   * With {@code --store}: one worker of a run shared through a server, or the ordinary run with the
   * one checkpoint a local store (SQLite) holds in place of the checkpoint directory.
   */
  private int inStore(StoreConnection connection) {
    if (connection.sharesRuns()) {
      return StoreWorker.run(
          store, connection, settings(null, null), spec.commandLine().getOut(), progressDisplay());
    }
    Path file = Path.of(connection.location()).toAbsolutePath().normalize();
    String scheme = Stores.scheme(store.display());
    ProcessSettings settings = validate(file, (scheme == null ? "file" : scheme) + ":" + file);
    return new ProcessRun(settings, spec.commandLine().getOut(), progressDisplay(), connection)
        .call();
  }

  private ProcessSettings settings(Path ckpt, String storeUrl) {
    return new ProcessSettings(
        input,
        output,
        ckpt,
        batchSize,
        workers,
        exec != null ? exec : execStream,
        exec == null && execStream != null,
        retries,
        crashLimit,
        failFast,
        fresh,
        keepCheckpoint,
        simulateCrash == null ? 0 : simulateCrash,
        format,
        timeout == null ? null : Limits.duration("--timeout", timeout),
        Limits.bytes("--max-result-bytes", maxResultBytes),
        Limits.duration("--stop-grace", stopGrace),
        streamAhead,
        storeUrl);
  }

  /**
   * The checked settings of a run whose checkpoint is a directory ({@code storeFile} null) or the
   * local store {@code storeUrl} kept in {@code storeFile}.
   */
  ProcessSettings validate(Path storeFile, String storeUrl) {
    if (input == null || output == null) {
      throw new UsageException(
          storeUrl == null
              ? "--input FILE and --output FILE are required (unless --store URL)"
              : "--store "
                  + storeUrl
                  + " holds one checkpoint: give --input FILE and --output FILE");
    }
    requirePositive("--batch-size", batchSize);
    requirePositive("--workers", workers);
    requirePositive("--stream-ahead", streamAhead);
    if (retries < 0) {
      throw new UsageException("--retries must be 0 or more, was " + retries);
    }
    requirePositive("--crash-limit", crashLimit);
    if (simulateCrash != null) {
      requirePositive("--simulate-crash", simulateCrash);
    }
    if (exec != null && exec.isBlank()) {
      throw new UsageException("--exec needs a command, was empty");
    }
    if (execStream != null && execStream.isBlank()) {
      throw new UsageException("--exec-stream needs a command, was empty");
    }
    if (exec != null && execStream != null) {
      throw new UsageException(
          "--exec and --exec-stream cannot be used together: --exec runs a command per item,"
              + " --exec-stream one command per worker; choose one");
    }
    InputFile.check(input);
    OutputChecks.check(
        output,
        input,
        "ratchet resumes by cutting its output back to what was committed, so it needs a file");
    Path ckpt =
        storeFile != null ? storeFile : checkpoint != null ? checkpoint : defaultCheckpoint(output);
    if (ckpt.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())
        || ckpt.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize())) {
      throw new UsageException(
          (storeFile != null ? "--store" : "--checkpoint")
              + " must differ from --input and --output, was "
              + ckpt);
    }
    return settings(storeFile != null ? null : ckpt, storeUrl);
  }

  /** The checkpoint used when none is given: {@code OUTPUT.ratchet}. */
  public static Path defaultCheckpoint(Path output) {
    return output.resolveSibling(output.getFileName() + ".ratchet");
  }

  private static void requirePositive(String option, int value) {
    if (value <= 0) {
      throw new UsageException(option + " must be 1 or more, was " + value);
    }
  }

  private ProgressDisplay progressDisplay() {
    boolean terminal =
        switch (progress) {
          case bar -> true;
          case lines -> false;
          case none -> false;
          case auto -> System.console() != null;
        };
    return progress == ProgressMode.none
        ? ProgressDisplay.none()
        : ProgressDisplay.create(spec.commandLine().getOut(), terminal);
  }
}
