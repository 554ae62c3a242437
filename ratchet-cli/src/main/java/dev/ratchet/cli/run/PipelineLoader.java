package dev.ratchet.cli.run;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.ratchet.cli.UsageException;
import dev.ratchet.cli.run.PipelineSpec.StepSpec;
import dev.ratchet.cli.run.PipelineSpec.WhenSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads and validates a pipeline file. Every problem is a {@link UsageException} naming the file,
 * the line where the parser knows it, and what to change. Untrusted YAML is bounded: at most 1 MiB,
 * no alias expansion beyond a few, nesting at most 20 levels.
 */
final class PipelineLoader {
  static final long MAX_BYTES = 1 << 20;
  static final int MAX_DEPTH = 20;
  static final int MAX_ALIASES = 10;
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private PipelineLoader() {}

  static Pipeline load(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    String text = read(file);
    YamlLines lines = YamlLines.of(file, mapper(), text);
    PipelineSpec spec = parse(file, text, lines);
    if (spec == null || spec.steps() == null || spec.steps().isEmpty()) {
      throw new UsageException(
          file
              + ": no steps; a pipeline needs a 'steps:' mapping of step"
              + " names to steps, each with a 'run:' command");
    }
    List<Pipeline.Step> steps = new ArrayList<>();
    spec.steps().forEach((name, step) -> steps.add(step(lines, name, step, spec.steps())));
    Pipeline pipeline =
        new Pipeline(
            spec.name() == null ? file.getFileName().toString() : spec.name(),
            absolute,
            absolute.getParent(),
            steps);
    try {
      pipeline.dag();
    } catch (IllegalArgumentException e) {
      throw new UsageException(file + ": " + e.getMessage().replace("node", "step"));
    }
    return pipeline;
  }

  private static String read(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new UsageException("pipeline file not found: " + file);
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new UsageException(file + " is larger than 1 MiB; a pipeline file should be small");
      }
      return Files.readString(file);
    } catch (IOException e) {
      throw new UsageException("cannot read pipeline file " + file + ": " + e.getMessage());
    }
  }

  private static ObjectMapper mapper() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit((int) MAX_BYTES);
    YAMLFactory factory =
        YAMLFactory.builder()
            .loaderOptions(options)
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();
    return new ObjectMapper(factory)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  /** Refuses documents beyond the bounds before binding: too deep, or too many aliases. */
  private static void checkBounds(Path file, String text) {
    int aliases = 0;
    try (JsonParser parser = mapper().createParser(text)) {
      while (parser.nextToken() != null) {
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias() && ++aliases > MAX_ALIASES) {
          throw new UsageException(
              file
                  + ": refused: more than "
                  + MAX_ALIASES
                  + " YAML aliases (*name); write the values out");
        }
      }
    } catch (StreamConstraintsException e) {
      throw new UsageException(
          file
              + ": refused: nested deeper than "
              + MAX_DEPTH
              + " levels; a pipeline file needs only a few");
    } catch (IOException e) {
      // reported with its line by parse()
    }
  }

  private static PipelineSpec parse(Path file, String text, YamlLines lines) {
    checkBounds(file, text);
    try {
      return mapper().readValue(text, PipelineSpec.class);
    } catch (UnrecognizedPropertyException e) {
      String where =
          e.getPath().size() >= 2 ? " in step '" + e.getPath().get(1).getFieldName() + "'" : "";
      if (e.getPath().size() >= 3 && "when".equals(e.getPath().get(2).getFieldName())) {
        where = " in the 'when:' of step '" + e.getPath().get(1).getFieldName() + "'";
      }
      throw new UsageException(
          at(file, locate(text, e))
              + "unknown key '"
              + e.getPropertyName()
              + "'"
              + where
              + "; known keys there: "
              + new TreeSet<>(knownKeys(e)));
    } catch (MismatchedInputException e) {
      throw new UsageException(WrongType.message(lines, e));
    } catch (JsonProcessingException e) {
      String message = e.getOriginalMessage();
      if (message.startsWith("Duplicate field")) {
        message =
            "duplicate "
                + (message.contains("'")
                    ? "key " + message.substring(message.indexOf('\''))
                    : "key")
                + " (step names and keys must be unique)";
      }
      if (YamlSyntax.isOne(message)) {
        YamlSyntax syntax = YamlSyntax.of(message);
        throw new UsageException(
            file + (syntax.line() > 0 ? ":" + syntax.line() : "") + ": " + syntax.text());
      }
      throw new UsageException(at(file, e.getLocation()) + firstLine(message));
    } catch (RuntimeException e) {
      // SnakeYAML refuses documents beyond the configured limits with its own exceptions.
      throw new UsageException(file + ": refused: " + firstLine(String.valueOf(e.getMessage())));
    }
  }

  /** Where the unknown key is: found by replaying the document to the key's path. */
  private static JsonLocation locate(String text, UnrecognizedPropertyException e) {
    JsonPointer target = JsonPointer.empty();
    for (JsonMappingException.Reference ref : e.getPath()) {
      target =
          ref.getFieldName() != null
              ? target.appendProperty(ref.getFieldName())
              : target.appendIndex(ref.getIndex());
    }
    try (JsonParser parser = mapper().createParser(text)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME
            && parser.getParsingContext().pathAsPointer().equals(target)) {
          return parser.currentTokenLocation();
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // fall back to the location the mapper reported
    }
    return e.getLocation();
  }

  private static List<String> knownKeys(UnrecognizedPropertyException e) {
    List<String> known = new ArrayList<>();
    if (e.getKnownPropertyIds() != null) {
      e.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
    }
    return known;
  }

  private static String at(Path file, JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return file + ": ";
    }
    return file + ":" + location.getLineNr() + ": ";
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static Pipeline.Step step(
      YamlLines lines, String name, StepSpec spec, Map<String, StepSpec> all) {
    if (name.isBlank()) {
      throw new UsageException(lines.step(name) + ": a step has an empty name");
    }
    if (spec == null || spec.run() == null || spec.run().isBlank()) {
      throw new UsageException(
          lines.step(name, "run") + " has no 'run:' command; write " + name + ": {run: COMMAND}");
    }
    List<String> needs = spec.needs() == null ? List.of() : List.copyOf(spec.needs());
    for (String need : needs) {
      if (!all.containsKey(need)) {
        throw new UsageException(
            lines.step(name, "needs")
                + " needs '"
                + need
                + "', which is not a step; steps are "
                + all.keySet());
      }
    }
    int retries = spec.retries() == null ? 0 : spec.retries();
    if (retries < 0 || retries > 100) {
      throw new UsageException(
          lines.step(name, "retries") + ": retries must be between 0 and 100, was " + retries);
    }
    Duration timeout =
        spec.timeout() == null ? null : duration(lines.step(name, "timeout"), spec.timeout());
    Map<String, String> env = spec.env() == null ? Map.of() : new LinkedHashMap<>(spec.env());
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
        throw new UsageException(
            lines.step(name, "env", String.valueOf(e.getKey()))
                + ": env '"
                + e.getKey()
                + "' has no value; write "
                + e.getKey()
                + ": \"\" for an empty one");
      }
    }
    StepCondition when =
        spec.when() == null ? null : condition(lines.step(name, "when"), spec.when(), needs);
    return new Pipeline.Step(name, spec.run(), needs, retries, timeout, env, when);
  }

  static Duration duration(String prefix, String text) {
    try {
      Duration d = parseDuration(prefix, text);
      if (d.compareTo(MAX_TIMEOUT) > 0) {
        throw new ArithmeticException("too large");
      }
      return d;
    } catch (ArithmeticException | NumberFormatException e) {
      throw new UsageException(
          prefix + ": timeout '" + text + "' is too large (at most 365d, that is 8760h)");
    }
  }

  /** The longest step timeout. */
  static final Duration MAX_TIMEOUT = Duration.ofDays(365);

  private static Duration parseDuration(String prefix, String text) {
    String trimmed = text.strip();
    if (trimmed.matches("\\d+")) {
      return positive(prefix, text, Duration.ofSeconds(Long.parseLong(trimmed)));
    }
    var matcher = DURATION.matcher(trimmed);
    Duration total = Duration.ZERO;
    int end = 0;
    while (matcher.find() && matcher.start() == end) {
      long amount = Long.parseLong(matcher.group(1));
      total =
          total.plus(
              switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
              });
      end = matcher.end();
    }
    if (end != trimmed.length() || end == 0) {
      throw new UsageException(
          prefix
              + ": timeout '"
              + text
              + "' is not a duration; write e.g. 30s, 5m, 1h30m, 2d, 500ms or a number of seconds");
    }
    return positive(prefix, text, total);
  }

  private static Duration positive(String prefix, String text, Duration duration) {
    if (duration.isZero()) {
      throw new UsageException(prefix + ": timeout must be positive, was '" + text + "'");
    }
    return duration;
  }

  private static StepCondition condition(String prefix, WhenSpec when, List<String> needs) {
    int tests =
        count(when.outputContains())
            + count(when.outputEquals())
            + count(when.outputMatches())
            + count(when.command());
    if (tests != 1) {
      throw new UsageException(
          prefix
              + ": 'when:' needs exactly one of output_contains,"
              + " output_equals, output_matches (with step:) or command:");
    }
    if (when.command() != null) {
      if (when.step() != null) {
        throw new UsageException(prefix + ": 'when:' with command: takes no step:");
      }
      return new StepCondition.Command(when.command());
    }
    if (when.step() == null) {
      throw new UsageException(
          prefix + ": 'when:' needs step: naming the step whose output it" + " tests");
    }
    if (!needs.contains(when.step())) {
      throw new UsageException(
          prefix
              + ": 'when:' tests step '"
              + when.step()
              + "', which is not in its needs "
              + needs
              + "; add it to needs");
    }
    if (when.outputContains() != null) {
      return new StepCondition.OutputContains(when.step(), when.outputContains());
    }
    if (when.outputEquals() != null) {
      return new StepCondition.OutputEquals(when.step(), when.outputEquals());
    }
    try {
      return new StepCondition.OutputMatches(when.step(), Pattern.compile(when.outputMatches()));
    } catch (PatternSyntaxException e) {
      throw new UsageException(
          prefix + ": output_matches is not a valid regular expression: " + e.getDescription());
    }
  }

  private static int count(String value) {
    return value == null ? 0 : 1;
  }
}
