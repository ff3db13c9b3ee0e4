package dev.zccache.ipc;

import java.io.IOException;

/**
 * The client a frame came from, as the message header {@link #HEADER} carries it: what a
 * handler needs to stream frames back while it works and to notice the client going away.
 */
public interface Client {

    /** The message header that carries the client (set by {@link ClientHeaderMapper}). */
    String HEADER = "zccache_client";

    /** Writes one whole frame; frames from several threads never interleave, the final reply comes last. */
    void writeFrame(byte[] frame) throws IOException;

    /**
     * Calls {@code onGone} (once, from another thread) if the client disconnects before the
     * watch is closed.
     */
    Watch watchDisconnect(Runnable onGone);

    /** Stops a disconnect watch. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }
}
