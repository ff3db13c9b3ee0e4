package dev.zccache.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.zccache.hash.RacyWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers "is this path still absent?" with one stat of a directory instead of one per
 * candidate: a file cannot appear in a directory without changing that directory's mtime and
 * ctime, so while the nearest existing ancestor of the path is unchanged, the path is still
 * absent. Directories changed within {@code racyWindow} of now are not trusted (a creation in
 * the same timestamp tick would not show).
 */
public final class AbsenceMemo {

    private record DirState(Path dir, Object inode, long mtimeNanos, long ctimeNanos) {
    }

    private final Cache<Path, DirState> memo;
    private final RacyWindow racyWindow;
    private final AtomicLong fullChecks = new AtomicLong();

    public AbsenceMemo(long maxEntries, Clock clock, Duration racyWindow) {
        this.memo = Caffeine.newBuilder().maximumSize(maxEntries).build();
        this.racyWindow = new RacyWindow(clock, racyWindow);
    }

    public boolean stillAbsent(Path candidate) throws IOException {
        return pass().stillAbsent(candidate);
    }

    /**
     * One validation (of one manifest entry): a directory is stat'ed at most once in it, however
     * many candidates it answers for (a closure's candidates share a handful of directories).
     */
    public Pass pass() {
        return new Pass();
    }

    /** See {@link #pass()}. Not thread-safe; use one per validation. */
    public final class Pass {
        private final Map<Path, Optional<DirState>> seen = new HashMap<>();

        private Pass() {
        }

        public boolean stillAbsent(Path candidate) throws IOException {
            DirState known = memo.getIfPresent(candidate);
            if (known != null) {
                Optional<DirState> now = dir(known.dir());
                if (now.isPresent() && known.equals(now.get())) {
                    return true;
                }
            }
            return check(candidate);
        }

        /**
         * The full check, when the memo cannot answer (during a build the directories that
         * objects are written to change all the time): a candidate whose parent directory is
         * missing cannot exist, which this pass's directory stats answer without a syscall.
         */
        private boolean check(Path candidate) throws IOException {
            fullChecks.incrementAndGet();
            Path ancestor = candidate.getParent();
            Optional<DirState> state = ancestor == null ? Optional.empty() : dir(ancestor);
            if (state.isPresent() && Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                memo.invalidate(candidate);
                return false;
            }
            while (state.isEmpty() && ancestor != null && (ancestor = ancestor.getParent()) != null) {
                state = dir(ancestor);
            }
            if (state.isPresent() && !racyWindow.isRacy(state.get().mtimeNanos(), state.get().ctimeNanos())) {
                memo.put(candidate, state.get());
            } else {
                memo.invalidate(candidate);
            }
            return true;
        }

        private Optional<DirState> dir(Path dir) throws IOException {
            Optional<DirState> now = seen.get(dir);
            if (now == null) {
                now = Optional.ofNullable(stat(dir));
                seen.put(dir, now);
            }
            return now;
        }
    }

    /** How many answers needed a stat of the candidate itself (the memo's misses). */
    public long fullChecks() {
        return fullChecks.get();
    }

    private static DirState stat(Path dir) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(dir, "unix:ino,lastModifiedTime,ctime,isDirectory");
        } catch (java.nio.file.FileSystemException e) {
            return null; // missing, or a path through a regular file (ENOTDIR): no directory there
        }
        if (!(Boolean) a.get("isDirectory")) {
            return null;
        }
        return new DirState(dir, a.get("ino"), ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
                ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS));
    }

    @Override
    public String toString() {
        return "AbsenceMemo[" + Objects.toString(memo.estimatedSize()) + " entries]";
    }
}
