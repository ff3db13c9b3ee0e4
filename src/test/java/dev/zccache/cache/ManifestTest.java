package dev.zccache.cache;

import dev.zccache.store.Manifest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.hash.FileStateCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {

    @TempDir
    Path cwd;

    private final Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);
    private final FileStateCache files = new FileStateCache(1000, later, Duration.ofSeconds(2));
    private final ManifestMatcher matcher = matcher(files, new AbsenceMemo(1000, later, Duration.ofSeconds(2)));
    private Manifest manifest;

    /** Whether proofs are re-confirmed by one native call (StatBatch); {@link ManifestJavaStatsTest} says no. */
    boolean batchStats() {
        return dev.zccache.hash.NativeLibrary.load(Path.of(System.getProperty("java.io.tmpdir")));
    }

    private ManifestMatcher matcher(FileStateCache f, AbsenceMemo a) {
        return new ManifestMatcher(f, a, batchStats(), ManifestMatcher.MAX_PROOF_BYTES);
    }

    @BeforeEach
    void recordACompile() throws Exception {
        Files.writeString(cwd.resolve("t.c"), "#include \"a.h\"\n");
        Files.createDirectories(cwd.resolve("inc"));
        Files.createDirectories(cwd.resolve("first"));
        Files.writeString(cwd.resolve("inc/a.h"), "int a;\n");
        manifest = Manifest.empty().with(entry("R1"));
    }

    private Manifest.Entry entry(String resultKey) throws Exception {
        return new Manifest.Entry(List.of(record("t.c"), record("inc/a.h")), List.of("first/a.h"), resultKey);
    }

    private Manifest.FileRecord record(String path) throws Exception {
        return new Manifest.FileRecord(path, files.digest(cwd.resolve(path)).orElseThrow().hex());
    }

    @Test
    void anEntryThatRecordedVariablesMatchesOnlyTheSameValuesWithUnsetNotEmpty() throws Exception {
        Manifest.Entry plain = entry("R1");
        Manifest withVars = Manifest.empty().with(new Manifest.Entry(plain.files(), plain.absentPaths(), "R2",
                List.of(new Manifest.VariableRecord("ZZ_A", "1"), new Manifest.VariableRecord("ZZ_B", null))));
        assertThat(matcher.match(withVars, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of("ZZ_A", "1"))).isEqualTo(new ManifestMatcher.Matched("R2"));
        assertThat(matcher.match(withVars, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of("ZZ_A", "2")))
                .isEqualTo(new ManifestMatcher.NoMatch(ManifestMatcher.Change.VARIABLE_CHANGED, "ZZ_A"));
        assertThat(matcher.match(withVars, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of("ZZ_A", "1", "ZZ_B", "")))
                .isEqualTo(new ManifestMatcher.NoMatch(ManifestMatcher.Change.VARIABLE_CHANGED, "ZZ_B"));
        // an older entry with other values still matches its own callers
        Manifest both = withVars.with(new Manifest.Entry(plain.files(), plain.absentPaths(), "R3",
                List.of(new Manifest.VariableRecord("ZZ_A", "2"), new Manifest.VariableRecord("ZZ_B", null))));
        assertThat(matcher.match(both, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of("ZZ_A", "1"))).isEqualTo(new ManifestMatcher.Matched("R2"));
        assertThat(matcher.match(both, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of("ZZ_A", "2"))).isEqualTo(new ManifestMatcher.Matched("R3"));
        // a file changed: the miss is explained by the entry with the caller's values, not the newest
        Files.writeString(cwd.resolve("inc/a.h"), "int a2;\n");
        assertThat(matcher.match(both, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of("ZZ_A", "1")))
                .isEqualTo(new ManifestMatcher.NoMatch(ManifestMatcher.Change.FILE_CHANGED, "inc/a.h"));
    }

    @Test
    void unchangedClosureMatches() throws Exception {
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
    }

    @Test
    void headerEditWithMtimeRestoredDoesNotMatch() throws Exception {
        editHeaderAndRestoreItsMtime();
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.NoMatch(ManifestMatcher.Change.FILE_CHANGED, "inc/a.h"));
    }

    /** Same size, same mtime (touch -r): only the ctime says it changed. */
    private void editHeaderAndRestoreItsMtime() throws Exception {
        Path h = cwd.resolve("inc/a.h");
        FileTime mtime = Files.getLastModifiedTime(h);
        Files.writeString(h, "int b;\n");
        Files.setLastModifiedTime(h, mtime);
    }

    @Test
    void deletedHeaderDoesNotMatch() throws Exception {
        Files.delete(cwd.resolve("inc/a.h"));
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.NoMatch(ManifestMatcher.Change.FILE_MISSING, "inc/a.h"));
    }

    @Test
    void shadowingHeaderDoesNotMatch() throws Exception {
        Files.writeString(cwd.resolve("first/a.h"), "int a;\n");
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.NoMatch(ManifestMatcher.Change.FILE_APPEARED, "first/a.h"));
    }

    @Test
    void afterItsProofsAreForgottenAMatchIsCheckedTheFullWayAgain() throws Exception {
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        matcher.forgetProofs();
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        assertThat(matcher.fullChecks()).isEqualTo(2);
    }

    @Test
    void aSecondMatchIsProvenByStatsAlone() throws Exception {
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        assertThat(matcher.fullChecks()).isEqualTo(1);
    }

    @Test
    void aProofIsNotTrustedAfterAHeaderEditWithTheMtimeRestored() throws Exception {
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        editHeaderAndRestoreItsMtime();
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.NoMatch(ManifestMatcher.Change.FILE_CHANGED, "inc/a.h"));
    }

    @Test
    void proofsBeyondTheirByteBudgetAreNotKept() throws Exception {
        ManifestMatcher small = new ManifestMatcher(files, new AbsenceMemo(1000, later, Duration.ofSeconds(2)),
                batchStats(), 100);
        assertThat(small.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        assertThat(small.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        assertThat(small.fullChecks()).isEqualTo(2);
    }

    @Test
    void aTouchedHeaderRenewsTheProofWithOneDigestAndNoFullCheck() throws Exception {
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        long reads = files.contentReads();
        Files.setLastModifiedTime(cwd.resolve("inc/a.h"), FileTime.fromMillis(1_000_000_000_000L));
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        assertThat(files.contentReads()).as("the touched header, read once").isEqualTo(reads + 1);
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        assertThat(files.contentReads()).as("the renewed proof holds by stats alone").isEqualTo(reads + 1);
        assertThat(matcher.fullChecks()).isEqualTo(1);
    }

    @Test
    void aRenewedProofStillCatchesALaterEdit() throws Exception {
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        Files.setLastModifiedTime(cwd.resolve("inc/a.h"), FileTime.fromMillis(1_000_000_000_000L));
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        editHeaderAndRestoreItsMtime();
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.NoMatch(ManifestMatcher.Change.FILE_CHANGED, "inc/a.h"));
    }

    @Test
    void aChangedDirectoryIsCheckedTheFullWay() throws Exception {
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        Files.writeString(cwd.resolve("first/unrelated.h"), "");
        Files.setLastModifiedTime(cwd.resolve("first"), FileTime.fromMillis(1_000_000_000_000L));
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        assertThat(matcher.fullChecks()).isEqualTo(2);
    }

    @Test
    void aProofIsNotTrustedAfterTheSourceIsDeleted() throws Exception {
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        Files.delete(cwd.resolve("t.c"));
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.NoMatch(ManifestMatcher.Change.FILE_MISSING, "t.c"));
    }

    @Test
    void aProofIsNotTrustedAfterAShadowingHeaderAppears() throws Exception {
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        Files.writeString(cwd.resolve("first/a.h"), "int a;\n");
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.NoMatch(ManifestMatcher.Change.FILE_APPEARED, "first/a.h"));
    }

    @Test
    void aProofIsNotTrustedAfterTheShadowsDirectoryIsCreated() throws Exception {
        Files.delete(cwd.resolve("first"));
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        assertThat(matcher.fullChecks()).isEqualTo(1); // cwd vouched for first/a.h
        Files.createDirectories(cwd.resolve("first"));
        Files.writeString(cwd.resolve("first/a.h"), "int a;\n");
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.NoMatch(ManifestMatcher.Change.FILE_APPEARED, "first/a.h"));
    }

    @Test
    void aProofIsPerWorkingDirectory() throws Exception {
        assertThat(matcher.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        Path other = Files.createDirectories(cwd.resolve("other"));
        assertThat(matcher.match(manifest, other, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.NoMatch(ManifestMatcher.Change.FILE_MISSING, "t.c"));
    }

    @Test
    void noProofIsKeptFromFilesChangedWithinTheRacyWindow() throws Exception {
        Clock now = Clock.systemUTC();
        FileStateCache fresh = new FileStateCache(1000, now, Duration.ofSeconds(2));
        ManifestMatcher racy = matcher(fresh, new AbsenceMemo(1000, now, Duration.ofSeconds(2)));
        assertThat(racy.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        assertThat(racy.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        assertThat(racy.fullChecks()).isEqualTo(2);
        Files.writeString(cwd.resolve("inc/a.h"), "int b;\n"); // same size, same tick as likely as not
        assertThat(racy.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.NoMatch(ManifestMatcher.Change.FILE_CHANGED, "inc/a.h"));
    }

    @Test
    void aShadowDirectoryThatKeepsChangingIsProvenByItsMissingPaths() throws Exception {
        // first/ was just created: too recent to vouch for first/a.h, which is then proven missing itself
        ManifestMatcher churning = matcher(files, new AbsenceMemo(1000, Clock.systemUTC(), Duration.ofSeconds(2)));
        assertThat(churning.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        Files.writeString(cwd.resolve("first/object.o"), "");
        assertThat(churning.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
        assertThat(churning.fullChecks()).isEqualTo(1);
        Files.writeString(cwd.resolve("first/a.h"), "int a;\n");
        assertThat(churning.match(manifest, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.NoMatch(ManifestMatcher.Change.FILE_APPEARED, "first/a.h"));
    }

    @Test
    void anOlderClosureStillMatchesWhenFilesGoBackToIt() throws Exception {
        Path h = cwd.resolve("inc/a.h");
        Files.writeString(h, "int v2;\n");
        Manifest both = manifest.with(entry("R2"));
        assertThat(matcher.match(both, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R2"));
        Files.writeString(h, "int a;\n");
        assertThat(matcher.match(both, cwd, dev.zccache.compiler.PathMap.NONE, java.util.Map.of())).isEqualTo(new ManifestMatcher.Matched("R1"));
    }

    @Test
    void entriesAreNewestFirstDeduplicatedAndBounded() throws Exception {
        Manifest m = Manifest.empty();
        for (int i = 0; i < Manifest.MAX_ENTRIES + 5; i++) {
            m = m.with(entry("R" + i));
        }
        m = m.with(entry("R" + (Manifest.MAX_ENTRIES + 4)));
        assertThat(m.entries()).hasSize(Manifest.MAX_ENTRIES);
        assertThat(m.entries().get(0).resultKey()).isEqualTo("R" + (Manifest.MAX_ENTRIES + 4));
        assertThat(m.entries().stream().map(Manifest.Entry::resultKey).distinct().count())
                .isEqualTo(Manifest.MAX_ENTRIES);
    }
}
