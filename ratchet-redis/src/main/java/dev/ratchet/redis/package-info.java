/**
 * The Redis store and shared runs on Lettuce: {@link dev.ratchet.redis.RedisDatabase} gives
 * single-writer stores and runs that many workers share by leasing chunks of items ({@link
 * dev.ratchet.redis.RedisRun}, core's {@link dev.ratchet.store.SharedRun}). Depends on core's
 * public packages, {@code dev.ratchet.internal.redis} and Lettuce.
 */
package dev.ratchet.redis;
