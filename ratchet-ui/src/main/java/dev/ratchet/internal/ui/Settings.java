package dev.ratchet.internal.ui;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * A dashboard's validated options.
 *
 * @param root the directory whose checkpoints and history are shown (absolute, normalized)
 * @param launcher how to start the {@code ratchet} command, or null if actions cannot run it
 */
public record Settings(
    Path root, int port, InetAddress bind, boolean allowActions, List<String> launcher) {}
