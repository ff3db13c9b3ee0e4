package dev.zccache.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.zccache.hash.FileStat;
import dev.zccache.hash.RacyWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers "is this path still absent?" with one stat of a directory instead of one per
 * candidate: a file cannot appear in a directory without changing that directory's mtime and
 * ctime, so while the nearest existing ancestor of the path is unchanged, the path is still
 * absent. Directories changed within {@code racyWindow} of now are not trusted (a creation in
 * the same timestamp tick would not show).
 */
final class AbsenceMemo {

    /**
     * A fact: while {@code dir} stats like this, no entry was added to or removed from it (and
     * so a path under it that was absent still is).
     */
    public record DirState(Path dir, FileStat.DeviceInode fileKey, long mtimeNanos, long ctimeNanos) {

        /** Whether one stat shows the directory as it was. */
        public boolean stillHolds() throws IOException {
            return equals(stat(dir));
        }
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

    /**
     * What proves the absences of one pass: directories whose unchanged stats vouch for their
     * paths, and paths found missing themselves, under directories that had changed too recently
     * to vouch for anything (a build writing its objects next to an include directory's headers
     * changes that directory all the time).
     */
    public record Witnesses(List<DirState> dirs, List<Path> missing) {
    }

    /** See {@link #pass()}. Not thread-safe; use one per validation. */
    public final class Pass {
        private final Map<Path, Optional<DirState>> seen = new HashMap<>();
        private final Set<DirState> witnesses = new LinkedHashSet<>();
        private final List<Path> missingNow = new ArrayList<>();

        private Pass() {
        }

        public boolean stillAbsent(Path candidate) throws IOException {
            DirState known = memo.getIfPresent(candidate);
            if (known != null) {
                Optional<DirState> now = dir(known.dir());
                if (now.isPresent() && known.equals(now.get())) {
                    witnesses.add(known);
                    return true;
                }
            }
            return check(candidate);
        }

        /** What proves every absence this pass answered, each re-confirmed later with one stat. */
        public Witnesses witnesses() {
            return new Witnesses(List.copyOf(witnesses), List.copyOf(missingNow));
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
                witnesses.add(state.get());
            } else {
                memo.invalidate(candidate);
                missingNow.add(candidate); // missing now, whatever its directory's stat says later
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

    /**
     * Whether nothing a compiler could open is at the path: one stat, following symlinks (a
     * dangling link opens nothing either), missing also when a component is not a directory.
     */
    public static boolean missing(Path path) throws IOException {
        try {
            return FileStat.follow(path) == null;
        } catch (java.nio.file.FileSystemException e) {
            return true; // ENOTDIR: a path through a regular file
        }
    }

    /** How many answers needed a stat of the candidate itself (the memo's misses). */
    public long fullChecks() {
        return fullChecks.get();
    }

    private static DirState stat(Path dir) throws IOException {
        FileStat.Info s;
        try {
            s = FileStat.follow(dir);
        } catch (java.nio.file.FileSystemException e) {
            return null; // a path through a regular file (ENOTDIR): no directory there
        }
        return s == null || !s.directory() ? null : new DirState(dir, s.fileKey(), s.mtimeNanos(), s.ctimeNanos());
    }

    @Override
    public String toString() {
        return "AbsenceMemo[" + Objects.toString(memo.estimatedSize()) + " entries]";
    }
}
