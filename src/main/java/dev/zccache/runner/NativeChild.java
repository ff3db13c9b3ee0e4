package dev.zccache.runner;

import dev.zccache.hash.NativeLibrary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A compiler started by one posix_spawn through the daemon's JNI library (src/main/c/jni/
 * childspawn.c) instead of by the JDK, whose process start execs its jspawnhelper first and only
 * then the compiler: one exec more per miss (JDK 22+; older JDKs' VFORK mode is deprecated in 22
 * to 25 and gone after). Spawning /bin/true from a daemon-sized JVM here: 2.2 ms against 3.1 ms
 * (JDK 25, VFORK) and 6.0 ms (its default).
 *
 * <p>The child is waited for without being collected, so that its pid cannot be reused while
 * the client-gone watch may still kill its tree; {@link #release()} collects it after.
 */
final class NativeChild implements Child {

    private static final int ENOENT = 2;
    /** A file the kernel cannot exec itself (a script without #!): the JDK runs it with /bin/sh, as a shell would. */
    private static final int ENOEXEC = 8;

    private final int pid;
    private final FdInputStream stdout;
    private final FdInputStream stderr;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile Integer exit;

    private NativeChild(int pid, int stdoutFd, int stderrFd) {
        this.pid = pid;
        this.stdout = new FdInputStream(stdoutFd);
        this.stderr = new FdInputStream(stderrFd);
    }

    /** Whether children can be started this way here: the library is loaded and has the functions. */
    static boolean available() {
        return Holder.AVAILABLE;
    }

    private static final class Holder {
        static final boolean AVAILABLE = probe();

        private static boolean probe() {
            if (!NativeLibrary.loaded()) {
                return false;
            }
            try {
                close(-1); // binds the symbol, or throws when the library predates it
                return true;
            } catch (UnsatisfiedLinkError e) {
                return false;
            }
        }
    }

    /**
     * Starts argv (argv[0] a path with a slash) in cwd with exactly env; empty when this way cannot
     * take it exactly (a string the system cannot be handed as it is, a program to find on PATH, a
     * script without #!): the JDK starts it then.
     *
     * @throws IOException when the program cannot be run (missing, not executable)
     */
    static Optional<Child> start(List<String> argv, Path cwd, Map<String, String> env) throws IOException {
        if (!available() || argv.isEmpty() || !argv.get(0).contains("/")) {
            return Optional.empty();
        }
        Optional<byte[]> args = join(argv);
        Optional<byte[]> vars = join(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        Optional<byte[]> dir = NativeLibrary.encodeForExec(cwd.toAbsolutePath().toString());
        if (args.isEmpty() || vars.isEmpty() || dir.isEmpty()) {
            return Optional.empty();
        }
        int[] out = new int[3];
        int rc = spawn(args.get(), argv.size(), vars.get(), env.size(), dir.get(), out);
        if (rc == ENOEXEC) {
            return Optional.empty();
        }
        if (rc != 0) {
            throw new IOException("Cannot run program \"" + argv.get(0) + "\" (in directory \"" + cwd + "\"): error="
                    + rc + ", " + (rc == ENOENT ? "No such file or directory" : "errno " + rc));
        }
        return Optional.of(new NativeChild(out[0], out[1], out[2]));
    }

    private static Optional<byte[]> join(List<String> strings) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String s : strings) {
            Optional<byte[]> b = NativeLibrary.encodeForExec(s);
            if (b.isEmpty()) {
                return Optional.empty();
            }
            all.writeBytes(b.get());
        }
        return Optional.of(all.toByteArray());
    }

    @Override
    public InputStream stdout() {
        return stdout;
    }

    @Override
    public InputStream stderr() {
        return stderr;
    }

    @Override
    public int await() throws InterruptedException {
        Integer known = exit;
        if (known != null) {
            return known;
        }
        int status = await(pid, false);
        if (status < 0) {
            throw new IllegalStateException("waiting for pid " + pid + " failed: errno " + -status);
        }
        exit = status;
        return status;
    }

    @Override
    public void release() {
        if (released.compareAndSet(false, true)) {
            stdout.close(); // read to their end and closed by the pumps, unless they never ran
            stderr.close();
            await(pid, true);
        }
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public void killTree() {
        if (!released.get()) {
            ProcessHandle.of(pid).ifPresent(ProcessTree::kill);
        }
    }

    /** One end of a pipe from the child, read through the library; closed once read to its end or closed. */
    private static final class FdInputStream extends InputStream {
        private final int fd;
        private boolean closed;

        FdInputStream(int fd) {
            this.fd = fd;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = NativeChild.read(fd, b, off, len);
            if (n < 0) {
                throw new IOException("reading the compiler's output failed: errno " + -n);
            }
            return n == 0 ? -1 : n;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                NativeChild.close(fd);
            }
        }
    }

    private static native int spawn(byte[] argv, int argc, byte[] env, int envc, byte[] cwd, int[] out);

    private static native int read(int fd, byte[] buf, int off, int len);

    private static native void close(int fd);

    private static native int await(int pid, boolean reap);
}
