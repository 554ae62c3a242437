package dev.ratchet.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything one harness run measured, in the order it was measured. */
public final class Results {
  private final List<Figure> figures = new ArrayList<>();
  private final List<TargetResult> targets = new ArrayList<>();
  private final Map<String, String> suiteErrors = new LinkedHashMap<>();
  private final Map<String, List<String>> suiteNotes = new LinkedHashMap<>();
  private final Map<String, Double> suiteSeconds = new LinkedHashMap<>();
  private final Map<String, String> environment = new LinkedHashMap<>();

  public synchronized Figure add(Figure figure) {
    figures.add(figure);
    System.out.printf(
        "  %-58s %14s %s  [%s .. %s] n=%d%s%n",
        figure.label() + " " + figure.params(),
        Report.number(figure.stats().median()),
        figure.unit(),
        Report.number(figure.stats().min()),
        Report.number(figure.stats().max()),
        figure.stats().runs(),
        figure.fractionOfLimit() == null
            ? ""
            : String.format("  (%.0f%% of %s)", 100 * figure.fractionOfLimit(), figure.limit()));
    return figure;
  }

  public synchronized void replace(Figure figure) {
    figures.replaceAll(f -> f.id().equals(figure.id()) ? figure : f);
  }

  public synchronized Optional<Figure> find(String id) {
    return figures.stream().filter(f -> f.id().equals(id)).findFirst();
  }

  public synchronized void note(String suite, String text) {
    suiteNotes.computeIfAbsent(suite, s -> new ArrayList<>()).add(text);
    System.out.println("  note: " + text);
  }

  public synchronized void failed(String suite, String error) {
    suiteErrors.put(suite, error);
  }

  public synchronized void took(String suite, double seconds) {
    suiteSeconds.put(suite, seconds);
  }

  public synchronized void target(TargetResult result) {
    targets.add(result);
  }

  public synchronized List<Figure> figures() {
    return List.copyOf(figures);
  }

  public synchronized List<TargetResult> targets() {
    return List.copyOf(targets);
  }

  public synchronized Map<String, String> suiteErrors() {
    return Map.copyOf(suiteErrors);
  }

  public synchronized Map<String, List<String>> suiteNotes() {
    return new LinkedHashMap<>(suiteNotes);
  }

  public synchronized Map<String, Double> suiteSeconds() {
    return new LinkedHashMap<>(suiteSeconds);
  }

  /** A fact about the environment that the figures depend on (a database setting, a tool). */
  public synchronized void environment(String key, String value) {
    environment.put(key, value);
  }

  public synchronized Map<String, String> environment() {
    return new LinkedHashMap<>(environment);
  }
}
