/**
 * The DAG executor's implementation: scheduling, node records in the checkpoint, structure hashing,
 * inspection and graph exports. Not API. Depends on the public core packages.
 */
package dev.ratchet.internal.dag;
