package dev.zccache.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Files written for the caller: whole or not at all, with the permissions its umask gives. */
final class OutputFiles {

    private static final AtomicLong SERIAL = new AtomicLong();

    private OutputFiles() {
    }

    /** Replaces {@code target} with the bytes in one rename. */
    static void write(Path target, byte[] bytes, int umask) throws IOException {
        Path staged = target.resolveSibling("." + target.getFileName() + ".zccache-" + ProcessHandle.current().pid()
                + "-" + SERIAL.incrementAndGet());
        try {
            Files.write(staged, bytes);
            Files.setPosixFilePermissions(staged, permissions(umask));
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    /** 0666 less the caller's umask: what the compiler's own open(2) would have given. */
    static void applyUmask(Path file, int umask) throws IOException {
        Set<PosixFilePermission> wanted = permissions(umask);
        if (!Files.getPosixFilePermissions(file).equals(wanted)) {
            Files.setPosixFilePermissions(file, wanted);
        }
    }

    static Set<PosixFilePermission> permissions(int umask) {
        int mode = 0666 & ~umask;
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                s.add(bits[i]);
            }
        }
        return s;
    }
}
