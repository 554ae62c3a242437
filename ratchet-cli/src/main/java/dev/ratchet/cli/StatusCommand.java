package dev.ratchet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ratchet.cli.ops.StatusFormats;
import dev.ratchet.cli.process.LiveRun;
import dev.ratchet.cli.run.StepStatus;
import dev.ratchet.cli.store.IgnoredWithStore;
import dev.ratchet.cli.store.StoreCommands;
import dev.ratchet.cli.store.StoreOptions;
import dev.ratchet.store.CheckpointInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ratchet status}: what a checkpoint holds, as a table or as JSON. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show what a checkpoint holds: counts per state, failed items with their errors, items"
          + " interrupted by a crash, the run id and times. Reads without locking or changing"
          + " anything, so it is safe while a run is going."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ratchet status --checkpoint out.jsonl.ratchet",
      "  ratchet status --checkpoint out.jsonl.ratchet --json | jq '.counts'",
      "",
      "A checkpoint that does not exist is reported as such (exit code 0; \"exists\": false).",
      "",
      ExitCodes.HELP_TEXT
    })
public final class StatusCommand implements Callable<Integer> {
  private static final int LIST_LIMIT = 20;

  @Spec CommandSpec spec;

  @CommandLine.Mixin StoreOptions store;

  @Option(names = "--checkpoint", paramLabel = "PATH", description = "The checkpoint directory.")
  Path checkpoint;

  @Option(names = "--json", description = "Print JSON for scripts instead of a table.")
  boolean json;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "table (default), json, or prometheus: the text exposition format, for the node"
              + " exporter's textfile collector or a push gateway.")
  String format;

  @Override
  public Integer call() throws Exception {
    if (store.given()) {
      IgnoredWithStore.refuseCheckpoint(spec);
    }
    CheckpointInfo info =
        store.given()
            ? StoreCommands.inspect(store)
            : CheckpointAccess.inspect(store.requireCheckpoint(checkpoint));
    PrintWriter out = spec.commandLine().getOut();
    if (StatusFormats.print(format, info, out, spec.commandLine().getErr())) {
      return ExitCodes.OK;
    }
    if (json || StatusFormats.isJson(format)) {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      out.println(mapper.writeValueAsString(asJson(info)));
    } else {
      printTable(info, store.namesRun(), out);
    }
    out.flush();
    return ExitCodes.OK;
  }

  static Map<String, Object> asJson(CheckpointInfo info) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("location", info.location());
    json.put("exists", info.exists());
    if (!info.exists()) {
      return json;
    }
    json.put("runId", info.runId());
    json.put("formatVersion", info.formatVersion());
    json.put("created", text(info.created()));
    json.put("lastCommit", text(info.lastCommit()));
    json.put("inputFingerprint", info.inputFingerprint());
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("done", info.counts().done());
    counts.put("failed", info.counts().failed());
    counts.put("skipped", info.counts().skipped());
    counts.put("inProgress", info.counts().inProgress());
    json.put("counts", counts);
    json.put(
        "failed",
        info.failed().stream()
            .map(f -> Map.of("key", f.key(), "error", String.valueOf(f.error())))
            .toList());
    Optional<LiveRun> live = LiveRun.of(info.metadata());
    live.ifPresent(r -> json.put("running", Map.of("pid", r.pid(), "since", r.since().toString())));
    json.put(live.isPresent() ? "inFlight" : "interrupted", info.interrupted());
    StepStatus.json(Path.of(info.location())).ifPresent(s -> json.put("steps", s));
    json.put("metadata", new TreeMap<>(info.metadata()));
    return json;
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  /**
   * The table; {@code shared} for a run that workers share, whose items in progress may be held by
   * live workers (status cannot tell which of them died: their leases say so when they run out).
   */
  private static void printTable(CheckpointInfo info, boolean shared, PrintWriter out) {
    if (!info.exists()) {
      out.println(
          "No checkpoint at "
              + info.location()
              + ": nothing has run there yet, or the run finished and removed it.");
      return;
    }
    out.printf("Checkpoint   %s%n", info.location());
    out.printf("Run id       %s%n", info.runId());
    out.printf("Created      %s%n", info.created());
    out.printf("Last commit  %s%n", info.lastCommit());
    if (info.inputFingerprint() != null) {
      out.printf("Input        %s%n", info.inputFingerprint());
    }
    out.printf("Format       version %d%n", info.formatVersion());
    Optional<LiveRun> live = LiveRun.of(info.metadata());
    live.ifPresent(
        r ->
            out.printf(
                "Running      yes: pid %d, since %s (a live run holds this checkpoint)%n",
                r.pid(), r.since()));
    out.println();
    out.printf("  %-12s %10s%n", "state", "items");
    out.printf("  %-12s %10d%n", "done", info.counts().done());
    out.printf("  %-12s %10d%n", "failed", info.counts().failed());
    out.printf("  %-12s %10d%n", "skipped", info.counts().skipped());
    out.printf("  %-12s %10d%n", "in progress", info.counts().inProgress());
    StepStatus.printTable(Path.of(info.location()), out);
    if (!info.failed().isEmpty()) {
      out.println();
      out.println("Failed items (" + info.failed().size() + "):");
      limited(info.failed()).forEach(f -> out.printf("  %-10s %s%n", f.key(), f.error()));
      more(info.failed(), out);
    }
    if (live.isPresent() && !info.interrupted().isEmpty()) {
      out.println();
      out.println(
          "In flight (" + info.interrupted().size() + "; being processed by the live run):");
      limited(info.interrupted()).forEach(key -> out.printf("  %s%n", key));
      more(info.interrupted(), out);
    } else if (shared && !info.interrupted().isEmpty()) {
      out.println();
      out.println(
          "Claimed by workers ("
              + info.interrupted().size()
              + "; being worked on, or left by a worker that died, which the other workers take"
              + " over once its lease runs out):");
      limited(info.interrupted()).forEach(key -> out.printf("  %s%n", key));
      more(info.interrupted(), out);
    } else if (!info.interrupted().isEmpty()) {
      out.println();
      out.println(
          "Interrupted items ("
              + info.interrupted().size()
              + "; in progress when a run died,"
              + " they run again on resume):");
      limited(info.interrupted()).forEach(key -> out.printf("  %s%n", key));
      more(info.interrupted(), out);
    }
    if (live.isPresent()) {
      out.println();
      out.println("Next: wait for the run (pid " + live.get().pid() + ") to finish.");
    } else if (shared && info.counts().failed() == 0 && !info.interrupted().isEmpty()) {
      out.println();
      out.println(
          "Next: nothing while its workers run; if none runs any more, start one (the same"
              + " command) to finish the run.");
    } else if (info.counts().failed() > 0 || !info.interrupted().isEmpty()) {
      out.println();
      out.println("Next: run the same command again to retry what is not done.");
    }
  }

  private static <T> List<T> limited(List<T> list) {
    return list.subList(0, Math.min(LIST_LIMIT, list.size()));
  }

  private static void more(List<?> list, PrintWriter out) {
    if (list.size() > LIST_LIMIT) {
      out.printf("  … and %d more ('ratchet status --json' lists all)%n", list.size() - LIST_LIMIT);
    }
  }
}
