/**
 * Keys, Lua scripts, leases and the JSON codec behind the Redis store. Not API. Depends on core's
 * public packages, Lettuce and Jackson.
 */
package dev.ratchet.internal.redis;
