package dev.zccache.hash;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Content digests of files, memoized by what stat says of them, so that validating an
 * unchanged include closure costs a stat per file and no reads.
 *
 * <h2>Implementation notes</h2>
 * <h3>The memo key</h3>
 * A digest is reused only while (device, inode, size, mtime, ctime) are all unchanged. The
 * ctime matters: {@code touch -r} can put an edited file's mtime back, but every write and
 * every utimes() moves the ctime to "now", which nobody can set back.
 * <h3>Racy files</h3>
 * A file whose mtime or ctime is within {@code racyWindow} of now may still be being written
 * within the same timestamp tick: its digest is computed but not memoized, so a later write in
 * that tick cannot hide behind an unchanged stat.
 */
public final class FileStateCache {

    /** What stat said when the digest was taken. */
    public record FileState(FileStat.DeviceInode fileKey, long size, long mtimeNanos, long ctimeNanos) {

        /** When the file last changed as of this stat: the later of its mtime and ctime (ns). */
        public long changedAt() {
            return Math.max(mtimeNanos, ctimeNanos);
        }
    }

    /**
     * A fact: while {@code path} stats as {@code state}, its content has {@code digest}. Held by
     * the memo, and by whoever proved something from it (a manifest entry validated through it).
     */
    public record Memo(Path path, FileState state, FileDigest digest) {

        /** Whether one stat shows the file as it was when the digest was taken. */
        public boolean stillHolds() throws IOException {
            return stat(path).map(state::equals).orElse(false);
        }
    }

    private final Cache<Path, Memo> memo;
    private final RacyWindow racyWindow;
    private final AtomicLong contentReads = new AtomicLong();

    public FileStateCache(long maxEntries, Clock clock, Duration racyWindow) {
        this.memo = Caffeine.newBuilder().maximumSize(maxEntries).build();
        this.racyWindow = new RacyWindow(clock, racyWindow);
    }

    /** The file's digest, or empty if it is missing or not a regular file. */
    public Optional<FileDigest> digest(Path path) throws IOException {
        return stated(path).map(Stated::digest);
    }

    /**
     * A digest and the last stat taken for it: the one it was memoized under, or the one after
     * the content was read. When the file changed while it was read, that stat shows the change
     * (and the digest may be of no version that ever existed whole).
     */
    public record Stated(FileState state, FileDigest digest) {

        /** When the file last changed as of the stat: see {@link FileState#changedAt()}. */
        public long changedAt() {
            return state.changedAt();
        }
    }

    /**
     * The file's digest with the stat it was taken under, or empty if it is missing or not a
     * regular file: one stat when the memo holds, where asking {@link #changedAt} and then
     * {@link #digest} took two (a miss records every header of its closure).
     */
    public Optional<Stated> stated(Path path) throws IOException {
        Optional<FileState> before = stat(path);
        if (before.isEmpty()) {
            return Optional.empty();
        }
        Memo known = memo.getIfPresent(path);
        if (known != null && known.state().equals(before.get())) {
            return Optional.of(new Stated(before.get(), known.digest()));
        }
        FileDigest digest = hashContent(path);
        Optional<FileState> after = stat(path);
        if (after.isEmpty()) {
            memo.invalidate(path);
            return Optional.empty();
        }
        if (!after.get().equals(before.get())) {
            memo.invalidate(path); // changed while we read it
        } else if (!racyWindow.isRacy(after.get().mtimeNanos(), after.get().ctimeNanos())) {
            memo.put(path, new Memo(path, after.get(), digest));
        } else {
            memo.invalidate(path);
        }
        return Optional.of(new Stated(after.get(), digest));
    }

    /**
     * The digest memoized for this file if one stat shows it unchanged since; empty otherwise
     * (never read, changed, or missing). Reads no content.
     */
    public Optional<String> memoizedHex(Path path) throws IOException {
        Memo known = memo.getIfPresent(path);
        if (known == null) {
            return Optional.empty();
        }
        Optional<FileState> now = stat(path);
        return now.isPresent() && now.get().equals(known.state()) ? Optional.of(known.digest().hex()) : Optional.empty();
    }

    /** The memo now held for this file (no stat), if any: it may no longer hold. */
    public Optional<Memo> memo(Path path) {
        return Optional.ofNullable(memo.getIfPresent(path));
    }

    /** The file's state now (one stat), to hand to {@link #remember} after reading it another way. */
    public Optional<FileState> state(Path path) throws IOException {
        return stat(path);
    }

    /**
     * Memoizes a digest the caller computed from the file's content, read after {@code before}
     * was taken: kept only if the file is unchanged since and outside the racy window.
     */
    public void remember(Path path, FileState before, byte[] sha256) throws IOException {
        Optional<FileState> after = stat(path);
        if (after.isPresent() && after.get().equals(before)
                && !racyWindow.isRacy(after.get().mtimeNanos(), after.get().ctimeNanos())) {
            memo.put(path, new Memo(path, after.get(), new FileDigest(sha256)));
        } else {
            memo.invalidate(path);
        }
    }

    /** How many times file content was read and hashed (the memo's misses). */
    public long contentReads() {
        return contentReads.get();
    }

    /** When the file last changed: the later of its mtime and ctime (ns), or empty when missing. */
    public static java.util.OptionalLong changedAt(Path path) throws IOException {
        Optional<FileState> s = stat(path);
        return s.isEmpty() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(s.get().changedAt());
    }

    /**
     * One stat(2) that follows symlinks: the state is the target's (its device and inode), so a
     * link pointed elsewhere changes it, without resolving the link chain by hand (which took
     * a readlink per component on every compile for /usr/bin/gcc -> gcc-12 -> ...).
     */
    static Optional<FileState> stat(Path path) throws IOException {
        FileStat.Info s = FileStat.follow(path);
        if (s == null || !s.regularFile()) {
            return Optional.empty();
        }
        return Optional.of(new FileState(s.fileKey(), s.size(), s.mtimeNanos(), s.ctimeNanos()));
    }

    private FileDigest hashContent(Path path) throws IOException {
        contentReads.incrementAndGet();
        return new FileDigest(Sha256.ofFile(path));
    }

}
