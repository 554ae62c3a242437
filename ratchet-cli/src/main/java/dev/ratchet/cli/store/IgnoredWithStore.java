package dev.ratchet.cli.store;

import dev.ratchet.cli.UsageException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * Options of {@code ratchet process} that a run in a store ({@code --store}) does not use, for a
 * run shared by workers and for a store that holds one checkpoint: given with {@code --store}, they
 * are refused with what to do instead, never silently ignored.
 */
public final class IgnoredWithStore {
  private static final Map<String, String> PROCESS = new LinkedHashMap<>();

  static {
    PROCESS.put(
        "--checkpoint",
        "the run is kept in the store, not in a checkpoint directory; give --checkpoint or"
            + " --store, not both");
    PROCESS.put(
        "--keep-checkpoint",
        "a run in a store is kept until 'ratchet clear --store URL --run-id ID' removes it;"
            + " leave out --keep-checkpoint");
    PROCESS.put(
        "--key-file",
        "--key-file protects a checkpoint directory; a run in a store is protected by the"
            + " server's access control, so leave it out");
  }

  private static final Map<String, String> LOCAL = new LinkedHashMap<>();

  static {
    LOCAL.put("--checkpoint", "the checkpoint is kept in the --store file; give one of them");
    LOCAL.put(
        "--key-file",
        "--key-file signs the records of a checkpoint directory; a SQLite file is protected by"
            + " its file permissions, so leave it out");
    LOCAL.put(
        "--lease-seconds",
        "a store that holds one checkpoint has no workers on other machines to lease items to;"
            + " leave it out");
  }

  private IgnoredWithStore() {}

  /**
   * Refuses the first option of {@code ratchet process} given on the command line that a run with
   * its checkpoint in a local store (SQLite) does not use.
   */
  public static void refuseForLocalStore(CommandSpec spec) {
    refuse(spec, LOCAL);
  }

  /**
   * Refuses the first option of {@code ratchet process} given on the command line that a run in a
   * store does not use.
   */
  public static void refuseForProcess(CommandSpec spec) {
    refuse(spec, PROCESS);
  }

  /** Refuses {@code --checkpoint} given with {@code --store}: only one of them can be read. */
  public static void refuseCheckpoint(CommandSpec spec) {
    refuse(
        spec,
        Map.of(
            "--checkpoint",
            "give either --checkpoint PATH (a checkpoint directory) or --store URL, not both"));
  }

  private static void refuse(CommandSpec spec, Map<String, String> options) {
    ParseResult parsed = spec.commandLine().getParseResult();
    for (Map.Entry<String, String> option : options.entrySet()) {
      if (parsed.hasMatchedOption(option.getKey())) {
        throw new UsageException(
            option.getKey() + " does not work with --store: " + option.getValue());
      }
    }
  }
}
