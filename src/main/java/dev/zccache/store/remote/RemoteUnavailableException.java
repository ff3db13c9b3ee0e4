package dev.zccache.store.remote;

import java.io.IOException;

/**
 * The remote was not asked: the connection is still being made (the request is skipped, nobody's
 * fault yet), or making it failed ({@link #connectFailed}: the remote is taken to be down).
 */
public final class RemoteUnavailableException extends IOException {

    private final boolean connectFailed;

    public RemoteUnavailableException(String message, boolean connectFailed, Throwable cause) {
        super(message, cause);
        this.connectFailed = connectFailed;
    }

    /** Whether connecting failed (rather than still being under way). */
    public boolean connectFailed() {
        return connectFailed;
    }
}
