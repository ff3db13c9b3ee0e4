package dev.zccache.cache;

import dev.zccache.outcome.Reason;

/** A lookup's answer: a hit already delivered, or why there was none. */
public sealed interface Lookup {

    /** @param savedMillis how long the stored run took: the time the hit saves */
    record Hit(long savedMillis) implements Lookup {
    }

    record Miss(Reason reason, String detail) implements Lookup {
    }
}
