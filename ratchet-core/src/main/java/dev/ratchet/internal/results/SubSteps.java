package dev.ratchet.internal.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The memoized sub-steps of one unit of work (an item or a DAG node), shared by its attempts, which
 * run one after another on one thread. A step's value is committed as JSON ({@link Change.Step}) as
 * soon as its body returns, before the value is handed back, so that after a crash or a failed
 * attempt the body does not run again; the value is always returned as read back from JSON, so a
 * first run and a rerun see the same thing. Allocates nothing until a step is taken.
 */
public final class SubSteps {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String unit;
  private final Supplier<Map<String, String>> stored;
  private Map<String, String> previous;
  private Map<String, String> taken;

  /**
   * @param unit the item key or node name the steps belong to
   * @param previous the step values the checkpoint holds for it (empty if none)
   */
  public SubSteps(String unit, Map<String, String> previous) {
    this.unit = Objects.requireNonNull(unit, "unit");
    this.previous = previous == null ? Map.of() : previous;
    this.stored = null;
  }

  /**
   * @param unit the item key the steps belong to
   * @param stored reads the step values the store holds for it; called once, when the first step is
   *     taken (a shared run's server is asked only by items that take steps)
   */
  public SubSteps(String unit, Supplier<Map<String, String>> stored) {
    this.unit = Objects.requireNonNull(unit, "unit");
    this.stored = Objects.requireNonNull(stored, "stored");
  }

  /**
   * The value of step {@code name}: the stored one, or else {@code body}'s, committed through
   * {@code commit} (which returns once the commit is durable) before it is returned.
   */
  public <T> T step(String name, Class<T> type, Callable<? extends T> body, Consumer<Commit> commit)
      throws Exception {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(body, "body");
    String json = get(name);
    if (json == null) {
      json = MAPPER.writeValueAsString(body.call());
      LargeResultWarning.check("step", unit + "/" + name, json);
      commit.accept(new Commit(List.of(new Change.Step(unit, name, json)), false));
      if (taken == null) {
        taken = new HashMap<>(previous);
      }
      taken.put(name, json);
    }
    return MAPPER.readValue(json, type);
  }

  private String get(String name) {
    if (taken != null) {
      return taken.get(name);
    }
    if (previous == null) {
      Map<String, String> read = stored.get();
      previous = read == null ? Map.of() : read;
    }
    return previous.get(name);
  }
}
