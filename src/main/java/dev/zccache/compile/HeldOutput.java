package dev.zccache.compile;

import dev.zccache.protocol.ReplySink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A miss's output held until its run ends (up to {@link #LIMIT}, then passed on as it comes). A
 * run that failed because of a file zccache added to it (its scratch dependency file on a full
 * disk) is run again as given, and that run's output must be the only one the caller sees.
 */
final class HeldOutput implements ReplySink {

    /** Output beyond this much is passed on at once: a run that long is not run again. */
    static final int LIMIT = 1 << 20;

    private record Chunk(boolean stderr, byte[] bytes) {
    }

    private final ReplySink sink;
    private final List<Chunk> held = new ArrayList<>();
    private int heldBytes;
    private boolean passing;

    HeldOutput(ReplySink sink) {
        this.sink = sink;
    }

    @Override
    public void stdout(byte[] bytes, int offset, int length) throws IOException {
        take(false, bytes, offset, length);
    }

    @Override
    public void stderr(byte[] bytes, int offset, int length) throws IOException {
        take(true, bytes, offset, length);
    }

    private synchronized void take(boolean stderr, byte[] bytes, int offset, int length) throws IOException {
        if (passing) {
            forward(stderr, bytes, offset, length);
            return;
        }
        held.add(new Chunk(stderr, Arrays.copyOfRange(bytes, offset, offset + length)));
        heldBytes += length;
        if (heldBytes > LIMIT) {
            release();
        }
    }

    /** Passes on what is held, and from now on everything as it comes. */
    synchronized void release() throws IOException {
        passing = true;
        for (Chunk c : held) {
            forward(c.stderr(), c.bytes(), 0, c.bytes().length);
        }
        held.clear();
    }

    /** Drops what is held; false when some output was passed on already (too much to hold). */
    synchronized boolean discard() {
        if (passing) {
            return false;
        }
        held.clear();
        return true;
    }

    private void forward(boolean stderr, byte[] bytes, int offset, int length) throws IOException {
        if (stderr) {
            sink.stderr(bytes, offset, length);
        } else {
            sink.stdout(bytes, offset, length);
        }
    }

    @Override
    public Watch watchDisconnect(Runnable onGone) {
        return sink.watchDisconnect(onGone);
    }
}
