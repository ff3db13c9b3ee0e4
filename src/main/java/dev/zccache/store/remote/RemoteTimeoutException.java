package dev.zccache.store.remote;

import java.io.IOException;

/** A remote request that did not finish within its timeout (counted apart from other errors). */
public final class RemoteTimeoutException extends IOException {

    public RemoteTimeoutException(String message) {
        super(message);
    }

    static RemoteTimeoutException noAnswer(String remote, java.time.Duration timeout) {
        return new RemoteTimeoutException(remote + ": no answer within " + timeout.toMillis() + " ms");
    }
}
