package dev.ratchet.store;

/** Names of the metadata entries and positions that Ratchet itself writes. */
public final class MetaKeys {
  private MetaKeys() {}

  /** The run's id (a random UUID written when the checkpoint is created). */
  public static final String RUN_ID = "run.id";

  /** When the checkpoint was created, ISO-8601. */
  public static final String CREATED = "run.created";

  /** The input's fingerprint (size, modification-independent content hash). */
  public static final String INPUT_FINGERPRINT = "input.fingerprint";

  /** How many items the input holds, when the source knows it cheaply (decimal). */
  public static final String INPUT_ITEMS = "input.items";

  /**
   * What an item pipeline does to each item, as its program describes it ({@link
   * dev.ratchet.items.ItemPipeline.Builder#work}); a resume that gives another description records
   * it here.
   */
  public static final String WORK = "run.work";

  /** The DAG's structure hash. */
  public static final String DAG_HASH = "dag.hash";

  /** What kind of work the checkpoint belongs to: items, dag, steps. */
  public static final String SHAPE = "run.shape";
}
