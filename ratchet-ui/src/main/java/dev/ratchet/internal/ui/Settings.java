package dev.ratchet.internal.ui;

import dev.ratchet.ui.StoreSource;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * A dashboard's validated options.
 *
 * @param root the directory whose checkpoints and history are shown (absolute, normalized)
 * @param launcher how to start the {@code ratchet} command, or null if actions cannot run it
 * @param store a store whose runs and history are shown too, or null
 */
public record Settings(
    Path root,
    int port,
    InetAddress bind,
    boolean allowActions,
    List<String> launcher,
    StoreSource store) {}
