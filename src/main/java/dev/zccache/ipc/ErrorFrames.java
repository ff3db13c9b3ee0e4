package dev.zccache.ipc;

/**
 * The frames the transport itself sends before closing a connection no handler will see: the
 * protocol that gives them meaning lives elsewhere.
 */
public interface ErrorFrames {

    /** For a client that did not send its whole request in time. */
    byte[] requestTimedOut(String message);

    /** For a peer of another user, refused at accept. */
    byte[] peerRefused(String message);
}
