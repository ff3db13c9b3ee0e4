package dev.zccache.runner;

import java.io.InputStream;

/** A compiler the runner started: its two output pipes, its end, its process tree. */
interface Child {

    InputStream stdout();

    InputStream stderr();

    /** Waits for it to end; until {@link #release()} its pid is still its own (to kill its tree). */
    int await() throws InterruptedException;

    /** After {@link #await()}: lets the system have its pid back. */
    void release();

    long pid();

    /** Ends it and everything it started. */
    void killTree();

    /** A child started by the JDK (which collects it itself). */
    record Jdk(Process process) implements Child {

        @Override
        public InputStream stdout() {
            return process.getInputStream();
        }

        @Override
        public InputStream stderr() {
            return process.getErrorStream();
        }

        @Override
        public int await() throws InterruptedException {
            return process.waitFor();
        }

        @Override
        public void release() {
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public void killTree() {
            ProcessTree.kill(process.toHandle());
        }
    }
}
