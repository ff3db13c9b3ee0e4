package dev.zccache.protocol;

import java.io.IOException;

/**
 * Where a handler streams output while a request runs, and how it learns that the client went
 * away. Implemented by the transport; handlers never see a socket.
 */
public interface ReplySink {

    void stdout(byte[] bytes, int offset, int length) throws IOException;

    void stderr(byte[] bytes, int offset, int length) throws IOException;

    /**
     * Calls {@code onGone} (once, from another thread) if the client disconnects before
     * {@link Watch#close()}; used to kill a compiler nobody waits for any more.
     */
    Watch watchDisconnect(Runnable onGone);

    /** Stops a disconnect watch. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /** A sink with no client behind it (tests, in-process calls). */
    ReplySink DISCARD = new ReplySink() {
        @Override
        public void stdout(byte[] bytes, int offset, int length) {
        }

        @Override
        public void stderr(byte[] bytes, int offset, int length) {
        }

        @Override
        public Watch watchDisconnect(Runnable onGone) {
            return () -> { };
        }
    };
}
