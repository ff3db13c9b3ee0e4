package dev.zccache.compile;

import dev.zccache.protocol.ReplySink;
import java.io.IOException;

/**
 * A client's stderr without colours: drops the terminal control sequences (ESC [ … final byte)
 * a compiler writes for colours, also when one is split between two chunks. stdout passes as is.
 * Stripping gcc's and clang's coloured diagnostics gives their plain ones byte for byte.
 */
final class PlainDiagnostics implements ReplySink {

    private static final byte ESC = 0x1b;

    private enum State { TEXT, ESCAPE, SEQUENCE }

    private final ReplySink out;
    private State state = State.TEXT;

    PlainDiagnostics(ReplySink out) {
        this.out = out;
    }

    @Override
    public void stdout(byte[] bytes, int offset, int length) throws IOException {
        out.stdout(bytes, offset, length);
    }

    @Override
    public synchronized void stderr(byte[] bytes, int offset, int length) throws IOException {
        // one more than given: an ESC held back from the chunk before may turn out to be text
        byte[] kept = new byte[length + 1];
        int n = 0;
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            switch (state) {
                case TEXT -> {
                    if (b == ESC) {
                        state = State.ESCAPE;
                    } else {
                        kept[n++] = b;
                    }
                }
                case ESCAPE -> {
                    if (b == '[') {
                        state = State.SEQUENCE;
                    } else {
                        // not a control sequence: keep what was held back
                        kept[n++] = ESC;
                        if (b != ESC) {
                            kept[n++] = b;
                            state = State.TEXT;
                        }
                    }
                }
                case SEQUENCE -> {
                    if (b >= 0x40 && b <= 0x7e) {
                        state = State.TEXT; // its final byte
                    }
                }
            }
        }
        if (n > 0) {
            out.stderr(kept, 0, n);
        }
    }

    @Override
    public Watch watchDisconnect(Runnable onGone) {
        return out.watchDisconnect(onGone);
    }
}
