package dev.ratchet.items;

/**
 * Turns one input into one result, with access to the item's {@link ItemContext}. Called from
 * worker threads, possibly concurrently for different items; an item may be processed more than
 * once (after a crash or for a retry), so side effects should use {@link
 * ItemContext#idempotencyKey()} or memoized {@link ItemContext#step sub-steps}.
 */
@FunctionalInterface
public interface ItemProcessor<I, R> {
  R process(I input, ItemContext context) throws Exception;
}
