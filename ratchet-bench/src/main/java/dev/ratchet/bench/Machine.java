package dev.ratchet.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine the figures were measured on.
 *
 * @param disk the {@code df -hT} line of the file system that holds the work directory
 */
public record Machine(
    int cores,
    long memoryBytes,
    String cpu,
    String jdk,
    String os,
    String disk,
    String loadAverage) {

  public static Machine describe(Path workDir) {
    long memory = -1;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      memory = os.getTotalMemorySize();
    }
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        memory,
        cpuModel(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        lastLine(run("df", "-hT", workDir.toString())),
        currentLoadAverage());
  }

  /** The 1, 5 and 15 minute load averages (Linux), or "unknown". */
  public static String currentLoadAverage() {
    return firstLine(readOr("/proc/loadavg", "unknown"));
  }

  private static String cpuModel() {
    for (String line : readOr("/proc/cpuinfo", "").split("\n")) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return System.getProperty("os.arch");
  }

  private static String readOr(String file, String fallback) {
    try {
      return Files.readString(Path.of(file));
    } catch (IOException | RuntimeException e) {
      return fallback;
    }
  }

  /** Runs a short command and returns its standard output, or a note that it failed. */
  static String run(String... command) {
    try {
      Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      return out.trim();
    } catch (IOException e) {
      return "(" + String.join(" ", command) + " failed: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.split("\n");
    return lines[lines.length - 1].replaceAll("\\s+", " ");
  }

  private static String firstLine(String text) {
    return text.split("\n")[0].trim();
  }
}
