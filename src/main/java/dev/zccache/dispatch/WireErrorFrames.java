package dev.zccache.dispatch;

import dev.zccache.ipc.ErrorFrames;
import dev.zccache.protocol.Reply;
import dev.zccache.protocol.ReplyEncoder;
import dev.zccache.protocol.ServerIdentity;
import dev.zccache.protocol.Wire;

/** The transport's refusals as protocol error frames, naming this daemon (so a launcher can replace it). */
final class WireErrorFrames implements ErrorFrames {

    private final ServerIdentity identity;

    WireErrorFrames(ServerIdentity identity) {
        this.identity = identity;
    }

    @Override
    public byte[] requestTimedOut(String message) {
        return error(Wire.ERR_TIMEOUT, message);
    }

    @Override
    public byte[] peerRefused(String message) {
        return error(Wire.ERR_PEER_REFUSED, message);
    }

    private byte[] error(int code, String message) {
        return ReplyEncoder.encode(new Reply.Error(code, identity.pid(), identity.version(), message));
    }
}
