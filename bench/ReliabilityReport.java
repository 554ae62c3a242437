import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes RELIABILITY.md to standard output from the figures the reliability tests appended to
 * DIR/figures.jsonl (and DIR/run.json). Run by bench/reliability: java bench/ReliabilityReport.java
 * DIR. A single-file program on purpose: it needs only the JDK.
 */
public class ReliabilityReport {
  private static final Pattern FIELD =
      Pattern.compile("\"(\\w+)\":(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(-?\\d+))");

  record Guarantee(String promise, String proof) {}

  static final List<Guarantee> GUARANTEES = List.of(
      new Guarantee("Every commit that was acknowledged survives a power cut at any moment: after"
          + " recovery the checkpoint holds exactly the acknowledged commits (plus, at most, the one"
          + " in flight, entirely or not at all). No item is DONE that was not committed.",
          "`PowerLossTest` (ratchet-core): random workloads with compactions, power cut after every"
          + " single file operation, unsynced sectors torn and reordered, unsynced renames lost"),
      new Guarantee("A run killed with `kill -9` at any moment resumes where it stopped: the output"
          + " holds each item exactly once, every DONE item's result is in it, the checkpoint opens;"
          + " a finished output is in input order, also when items failed and were retried by a"
          + " later run; a pipeline step once DONE never runs again.",
          "`CrashTortureTest` (ratchet-cli) and `bench/torture`: the real `ratchet process`, with"
          + " and without `--exec` and with items that fail their first try (cli retry),"
          + " `ratchet run` and a library program, killed at random moments"),
      new Guarantee("Damage is found, not guessed around: a flipped byte, a cut file, swapped blocks,"
          + " a record or journal from another run, or an edited record with a recomputed CRC ends"
          + " in the right state, in a cut and reported torn tail, or in an error naming file and"
          + " offset. Never an uncaught exception, never a wrong state.",
          "`CorruptionTest` (ratchet-core): every byte flip and every truncation point of sample"
          + " checkpoints, swapped 64/256/512-byte blocks, swapped records, spliced runs, edited"
          + " results under an HMAC key"),
      new Guarantee("A full disk, a read-only file system, a deleted checkpoint directory or an I/O"
          + " error stops the run with a clear error, keeps the last good state, and the run resumes"
          + " once the cause is gone.",
          "`ResourceFaultTest` (ENOSPC at every write, force, rename, delete and directory fsync,"
          + " through the file seam) and `RealFileSystemFaultTest` (a real tmpfs filled up, a"
          + " read-only bind mount, the directory deleted mid-run)"),
      new Guarantee("One writer: a second run on a checkpoint in use fails at once with the locked"
          + " error, even when the holder is frozen (SIGSTOP); it never waits or interleaves.",
          "`RealFileSystemFaultTest.aFrozenLockHolderMakesASecondRunFailFastWithTheLockedError`"),
      new Guarantee("Hostile names and values are text: keys, step, node and metadata names with"
          + " `/`, `..`, NUL, newlines, 100 000 characters or non-UTF-8 text, 10 MB results, items"
          + " with shell syntax under `--exec`, results that cannot be written as JSON. None becomes"
          + " a file name or a command; what cannot be kept exactly is refused clearly.",
          "`HostileInputTest` (ratchet-core), `HostileCliInputTest` (ratchet-cli)"),
      new Guarantee("Private and safe: checkpoint directories are 0700 and files 0600; no Java"
          + " native serialization anywhere; the HMAC key and database passwords never appear in"
          + " errors, logs or printed objects.",
          "`SecurityTest` (ratchet-core), `JdbcSecretsTest` (ratchet-jdbc)"));

  static final List<String> LIMITS = List.of(
      "Without an HMAC key, records are protected by CRC32C only: a well-formed record moved,"
          + " removed at the end, or copied from another run is not detectable. Use an HMAC key"
          + " where files may be changed on purpose.",
      "A file cut exactly at a record boundary looks like a crash before the later commits; the"
          + " recovered state is that earlier, consistent state (counted separately below).",
      "Under `FsyncPolicy.PER_BATCH` or `NEVER`, commits that were not forced may be lost in a"
          + " power cut, and torn unsynced records can leave a journal that recovery refuses as"
          + " damaged (counted below); under the default `ALWAYS` this never happened.",
      "Read-only and permission-denied directories are tested with a read-only bind mount and"
          + " through the file seam: the tests run as root, for whom chmod denies nothing.");

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/reliability");
    Map<String, String> run = fields(readOr(dir.resolve("run.json"), "{}"));
    Map<String, long[]> totals = new LinkedHashMap<>();
    Map<String, List<String>> details = new LinkedHashMap<>();
    Map<String, String> proofs = new LinkedHashMap<>();
    Path figures = dir.resolve("figures.jsonl");
    List<String> lines = Files.exists(figures) ? Files.readAllLines(figures) : List.of();
    for (String line : lines) {
      Map<String, String> f = fields(line);
      String name = f.get("figure");
      long[] t = totals.computeIfAbsent(name, k -> new long[2]);
      t[0] += Long.parseLong(f.getOrDefault("count", "0"));
      t[1] += Long.parseLong(f.getOrDefault("violations", "0"));
      details.computeIfAbsent(name, k -> new ArrayList<>()).add(f.getOrDefault("detail", ""));
      proofs.put(name, f.getOrDefault("proof", ""));
    }
    StringBuilder md = new StringBuilder();
    md.append("# Reliability\n\n");
    md.append("Generated by `bench/reliability` from the figures its tests measured; do not edit"
        + " by hand. The CI runs a bounded slice of the same tests on every change.\n\n");
    md.append("Last full run: ").append(run.getOrDefault("started", "unknown"))
        .append(", scale ").append(run.getOrDefault("scale", "?"))
        .append(", ").append(run.getOrDefault("kills", "?")).append(" kills per torture target, ")
        .append(run.getOrDefault("machine", "unknown machine")).append(".\n\n");
    long violations = totals.values().stream().mapToLong(t -> t[1]).sum();
    md.append(lines.isEmpty() ? "**No figures were recorded.**\n\n"
        : violations == 0 ? "**Nothing was lost: no guarantee was violated in this run.**\n\n"
        : "**" + violations + " violations were recorded in this run; see the table.**\n\n");
    md.append("## Guarantees and the tests that prove them\n\n");
    int n = 1;
    for (Guarantee g : GUARANTEES) {
      md.append(n++).append(". ").append(g.promise()).append("  \n   Proof: ")
          .append(g.proof()).append(".\n");
    }
    md.append("\n## Figures\n\n| figure | count | violations | proof | detail |\n|---|---:|---:|---|---|\n");
    for (Map.Entry<String, long[]> e : totals.entrySet()) {
      md.append("| ").append(e.getKey()).append(" | ").append(e.getValue()[0]).append(" | ")
          .append(e.getValue()[1]).append(" | ").append(cell(proofs.get(e.getKey()))).append(" | ")
          .append(cell(String.join("; ", details.get(e.getKey())))).append(" |\n");
    }
    md.append("\n## Known limits\n\n");
    for (String limit : LIMITS) {
      md.append("- ").append(limit).append("\n");
    }
    md.append("\n## Running it\n\n```\nbench/reliability            # the full run (scale 10,"
        + " 1000 kills per target), rewrites this file\nbench/torture 5000"
        + "            # only the crash torture, 5000 kills per target\nbench/torture 1000"
        + " --target cli_retry   # one target\nmvn -B verify"
        + "                 # CI: the bounded slice\n```\n");
    System.out.print(md);
  }

  static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }

  static String readOr(Path file, String fallback) throws IOException {
    return Files.exists(file) ? Files.readString(file) : fallback;
  }

  static Map<String, String> fields(String json) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher m = FIELD.matcher(json);
    while (m.find()) {
      String value = m.group(2) != null ? m.group(2).replace("\\\"", "\"").replace("\\n", " ")
          .replace("\\\\", "\\") : m.group(3);
      fields.put(m.group(1), value);
    }
    return fields;
  }
}
