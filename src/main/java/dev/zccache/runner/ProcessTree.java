package dev.zccache.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Ends a child and everything it started (gcc runs cc1 and as): TERM first, KILL after a grace. */
final class ProcessTree {

    private static final long GRACE_MS = 2000;

    private ProcessTree() {
    }

    static void kill(ProcessHandle process) {
        List<ProcessHandle> all = new ArrayList<>();
        process.descendants().forEach(all::add);
        all.add(process);
        all.forEach(ProcessHandle::destroy);
        CompletableFuture.delayedExecutor(GRACE_MS, TimeUnit.MILLISECONDS)
                .execute(() -> all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly));
    }
}
