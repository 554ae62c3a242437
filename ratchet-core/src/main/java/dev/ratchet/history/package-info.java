/**
 * The run history: one small durable {@link dev.ratchet.history.RunRecord} per run that ended (and
 * per manual action taken on a checkpoint), kept after the checkpoint is removed, listed by {@code
 * ratchet history} and the dashboard, and removed by retention. Depends on {@code dev.ratchet} and
 * Jackson.
 */
package dev.ratchet.history;
