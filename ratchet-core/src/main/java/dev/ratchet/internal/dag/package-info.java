/**
 * The DAG executor's implementation: scheduling, node records in the checkpoint, structure hashing,
 * inspection. Not API. Depends on the public core packages.
 */
package dev.ratchet.internal.dag;
