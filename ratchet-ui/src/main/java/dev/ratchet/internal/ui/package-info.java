/**
 * The dashboard's implementation: the HTTP server and its routes, the catalog of checkpoints under
 * a root, read-only views of checkpoints, the live-run probe, rates and ETAs, DAG graph layout,
 * step logs and the guarded actions. Not API. Depends on core's public packages, Jackson, slf4j and
 * the JDK's {@code com.sun.net.httpserver}.
 */
package dev.ratchet.internal.ui;
