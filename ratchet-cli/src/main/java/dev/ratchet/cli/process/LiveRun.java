package dev.ratchet.cli.process;

import dev.ratchet.items.JsonLinesSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code ratchet process} run that is alive now, found without taking any lock: its checkpoint
 * names its output, the output's lock file names the pid and start of the run that took it last,
 * and that process still exists and started before it took the lock (so a reused pid does not
 * count).
 *
 * @param pid the run's process id
 * @param since when it took the output's lock
 */
public record LiveRun(long pid, Instant since) {
  private static final Pattern HOLDER = Pattern.compile("pid (\\d+), since (\\S+)");

  /** The live run writing the output that the checkpoint with {@code metadata} belongs to. */
  public static Optional<LiveRun> of(Map<String, String> metadata) {
    String output = metadata.get(JsonLinesSink.OWNER);
    if (output == null) {
      return Optional.empty();
    }
    Path lock = OutputLock.lockFile(Path.of(output));
    try {
      Matcher m = HOLDER.matcher(Files.readString(lock, StandardCharsets.UTF_8));
      if (!m.find()) {
        return Optional.empty();
      }
      long pid = Long.parseLong(m.group(1));
      Instant since = Instant.parse(m.group(2));
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(
              p ->
                  p.info()
                      .startInstant()
                      .map(start -> !start.isAfter(since.plus(Duration.ofSeconds(1))))
                      .orElse(true))
          .map(p -> new LiveRun(pid, since));
    } catch (IOException | NumberFormatException | DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
