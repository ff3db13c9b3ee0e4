package dev.zccache.store;

import dev.zccache.hash.FileStateCache;
import dev.zccache.hash.Sha256;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Content-addressed blobs (objects, dependency files, captured output) under one directory,
 * named by the SHA-256 of their bytes: {@code <root>/ab/cdef…}.
 *
 * <h2>Implementation notes</h2>
 * <h3>Publish</h3>
 * A blob is written under {@code tmp/}, made read-only, then renamed into place: a reader sees
 * the whole blob or none, whatever instant the daemon is killed at. Two threads storing the same
 * bytes race harmlessly; the second rename replaces identical content.
 * <h3>Delivery</h3>
 * {@link #deliver} copies a blob to the caller's path through a temporary file beside it,
 * hashing as it copies. A blob whose bytes no longer match its name (flipped bits, truncation)
 * is deleted and reported missing, so the caller compiles again and the store heals; a user
 * editing a delivered file never touches the blob, which is a separate, read-only copy.
 * <h3>Verified once per change</h3>
 * A blob verified once is not hashed again while its stat (device, inode, size, mtime, ctime)
 * is unchanged: the same rule as every other file memo here (DESIGN.md §3), and what lets the
 * daemon run without C2, whose SHA-256 intrinsic C1 lacks (400 against 33 us per 50 KB). Any
 * write to a blob, by any tool, moves its ctime, so the next delivery hashes it again; a blob
 * that changes while it is being copied is verified from the copy.
 */
final class BlobStore {

    private final Path root;
    private final Path tmp;
    private final FileStateCache verified;
    private final AtomicLong tmpSerial = new AtomicLong();

    public BlobStore(Path root, Path tmp, FileStateCache verified) throws IOException {
        this.root = Files.createDirectories(root);
        this.tmp = Files.createDirectories(tmp);
        this.verified = verified;
    }

    /**
     * A blob written.
     *
     * @param before the size of the file it replaced (the same blob, written again), or -1
     */
    record Stored(String digest, long before, long size) {
    }

    /**
     * Stores the file's bytes; returns their digest (hex). The private copy is what is hashed
     * (natively where possible: rlibs run to megabytes), so the name always fits the bytes
     * stored even if the source changes meanwhile.
     */
    public String put(Path source) throws IOException {
        return store(source).digest();
    }

    public String put(byte[] bytes) throws IOException {
        return store(bytes).digest();
    }

    Stored store(Path source) throws IOException {
        Path staged = staging();
        try {
            copy(source, staged);
            return publish(staged, Sha256.hex(Sha256.ofFile(staged)));
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    Stored store(byte[] bytes) throws IOException {
        Path staged = staging();
        try {
            Files.write(staged, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return publish(staged, Sha256.hex(Sha256.of(bytes)));
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    private Path staging() {
        return tmp.resolve("blob-" + ProcessHandle.current().pid() + "-" + tmpSerial.incrementAndGet());
    }

    private Stored publish(Path staged, String digest) throws IOException {
        Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("r--r--r--"));
        Path target = path(digest);
        long before = StoreFiles.sizeOrAbsent(target);
        long size = Files.size(staged);
        StoreFiles.publish(staged, target);
        return new Stored(digest, before, size);
    }

    /**
     * Copies a file's bytes into a new file (the umask's permissions, not the source's: Files.copy
     * would give a delivered copy the blob's read-only mode), in the kernel: FileChannel's
     * transfer between files is sendfile(2), where a stream copy moved every byte through the heap
     * (a Rust build delivers hundreds of megabytes).
     */
    static void copy(Path from, Path to) throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long size = in.size();
            long done = 0;
            while (done < size) {
                long n = in.transferTo(done, size - done, out);
                if (n <= 0) {
                    break; // shrank while copied: the digest check of the copy decides
                }
                done += n;
            }
        }
    }

    /** Where a blob lives (whether or not it exists). */
    Path path(String digest) {
        return StoreFiles.shard(root, digest, "");
    }

    public boolean contains(String digest) {
        return Files.isRegularFile(path(digest));
    }

    /**
     * Copies the blob to {@code destination} (replacing it atomically, permissions from the
     * umask as for any new file). Returns false, having deleted the blob, if it is missing or
     * its bytes do not match its digest; the destination is then left as it was.
     */
    public boolean deliver(String digest, Path destination) throws IOException {
        Path blob = path(digest);
        Path parent = destination.toAbsolutePath().getParent();
        Path staged = parent.resolve("." + destination.getFileName() + ".zccache-" + ProcessHandle.current().pid()
                + "-" + tmpSerial.incrementAndGet());
        boolean placed = false;
        try {
            if (!copyVerified(blob, digest, staged)) {
                return false;
            }
            OutputFiles.replace(staged, destination);
            placed = true;
            return true;
        } finally {
            if (!placed) {
                Files.deleteIfExists(staged);
            }
        }
    }

    /** Copies blob to staged; false (the blob deleted if corrupt) unless the copy has the digest's bytes. */
    private boolean copyVerified(Path blob, String digest, Path staged) throws IOException {
        boolean trusted = verifiedUnchanged(blob, digest);
        Optional<FileStateCache.FileState> before = trusted ? Optional.empty() : verified.state(blob);
        if (!trusted && before.isEmpty()) {
            return false;
        }
        try {
            copy(blob, staged);
        } catch (NoSuchFileException missing) {
            return false;
        }
        if (trusted && verifiedUnchanged(blob, digest)) {
            return true; // unchanged before and after the copy: the copy has the verified bytes
        }
        // not verified yet, or changed during the copy: check the copy itself
        return accept(blob, digest, Sha256.ofFile(staged), before);
    }

    /** The blob's bytes, verified; empty (and the blob deleted) when missing or corrupt. */
    public Optional<byte[]> read(String digest) throws IOException {
        Path blob = path(digest);
        boolean trusted = verifiedUnchanged(blob, digest);
        Optional<FileStateCache.FileState> before = trusted ? Optional.empty() : verified.state(blob);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(blob);
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        }
        if (trusted && verifiedUnchanged(blob, digest)) {
            return Optional.of(bytes);
        }
        return accept(blob, digest, Sha256.of(bytes), before) ? Optional.of(bytes) : Optional.empty();
    }

    /** Whether the blob was verified to hold the digest's bytes and its stat has not changed since. */
    private boolean verifiedUnchanged(Path blob, String digest) throws IOException {
        return verified.memoizedHex(blob).filter(digest::equals).isPresent();
    }

    /**
     * Whether bytes read from the blob, whose SHA-256 is {@code sum}, are the digest's. A corrupt
     * blob is deleted (the store heals); a good one is remembered as verified while the stat
     * taken before the read ({@code before}, when there is one) still holds.
     */
    private boolean accept(Path blob, String digest, byte[] sum, Optional<FileStateCache.FileState> before)
            throws IOException {
        if (!Sha256.hex(sum).equals(digest)) {
            Files.deleteIfExists(blob);
            return false;
        }
        if (before.isPresent()) {
            verified.remember(blob, before.get(), sum);
        }
        return true;
    }
}
