package dev.zccache.dispatch;

import dev.zccache.ipc.Client;
import dev.zccache.protocol.ReplyEncoder;
import dev.zccache.protocol.ReplySink;
import dev.zccache.protocol.Wire;
import java.io.IOException;

/** A handler's streamed output as protocol frames to the client a request came from. */
final class ClientReplySink implements ReplySink {

    private final Client client;

    ClientReplySink(Client client) {
        this.client = client;
    }

    @Override
    public void stdout(byte[] bytes, int offset, int length) throws IOException {
        chunks(Wire.REP_STDOUT, bytes, offset, length);
    }

    @Override
    public void stderr(byte[] bytes, int offset, int length) throws IOException {
        chunks(Wire.REP_STDERR, bytes, offset, length);
    }

    private void chunks(byte type, byte[] bytes, int offset, int length) throws IOException {
        for (int done = 0; done < length; ) {
            int n = Math.min(Wire.MAX_CHUNK_BYTES, length - done);
            client.writeFrame(ReplyEncoder.chunk(type, bytes, offset + done, n));
            done += n;
        }
    }

    @Override
    public Watch watchDisconnect(Runnable onGone) {
        Client.Watch w = client.watchDisconnect(onGone);
        return w::close;
    }
}
