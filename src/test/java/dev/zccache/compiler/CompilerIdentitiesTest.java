package dev.zccache.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.hash.FileStateCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompilerIdentitiesTest {

    @TempDir
    Path dir;

    private final Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);
    private final FileStateCache files = new FileStateCache(1000, later, Duration.ofSeconds(2));
    private final CompilerIdentities identities = new CompilerIdentities(files);

    @Test
    void realGccIsIdentifiedByDigestAndVersion() throws Exception {
        CompilerIdentity gcc = identities.identify(Path.of("/usr/bin/gcc").toRealPath()).orElseThrow();
        assertThat(gcc.digest()).hasSize(64);
        assertThat(gcc.version()).contains("gcc");
        assertThat(identities.identify(Path.of("/usr/bin/gcc").toRealPath())).contains(gcc);
    }

    @Test
    void aRestartedDaemonAsksNothingItAskedBeforeAndAChangedToolIsAskedAgain() throws Exception {
        Path runs = dir.resolve("runs");
        Path cc = dir.resolve("cc");
        Files.writeString(cc, "#!/bin/sh\necho run >> " + runs + "\necho \"fake 1.0 $*\"\nprintf 'a\\0b'\n");
        cc.toFile().setExecutable(true);
        Path kept = dir.resolve("tool-answers");
        CompilerIdentities first = new CompilerIdentities(files, kept);
        CompilerIdentity id = first.identify(cc).orElseThrow();
        String dirs = first.answer(id, java.util.List.of("-print-search-dirs")).orElseThrow();
        byte[] exact = first.output(id, java.util.List.of("-vV")).orElseThrow();
        assertThat(Files.readAllLines(runs)).hasSize(3);

        Files.writeString(kept, "A torn-by-a-kill\nA !!! !!!\n", java.nio.file.StandardOpenOption.APPEND);
        CompilerIdentities restarted = new CompilerIdentities(
                new FileStateCache(1000, later, Duration.ofSeconds(2)), kept);
        assertThat(restarted.identify(cc)).contains(id);
        assertThat(restarted.answer(id, java.util.List.of("-print-search-dirs"))).contains(dirs);
        assertThat(restarted.output(id, java.util.List.of("-vV"))).hasValueSatisfying(b -> assertThat(b).isEqualTo(exact));
        assertThat(Files.readAllLines(runs)).as("answered from what was kept").hasSize(3);

        Files.writeString(cc, "#!/bin/sh\necho run >> " + runs + "\necho 'fake 2.0'\n");
        CompilerIdentities afterUpgrade = new CompilerIdentities(
                new FileStateCache(1000, later, Duration.ofSeconds(2)), kept);
        assertThat(afterUpgrade.identify(cc).orElseThrow().version()).isEqualTo("fake 2.0\n");
        assertThat(Files.readAllLines(runs)).hasSize(4);
    }

    @Test
    void compilerReplacedInPlaceWithSameSizeAndMtimeIsAnotherIdentity() throws Exception {
        Path cc = dir.resolve("cc");
        Files.writeString(cc, "#!/bin/sh\necho 'fake 1.0'\n");
        cc.toFile().setExecutable(true);
        FileTime mtime = Files.getLastModifiedTime(cc);
        CompilerIdentity before = identities.identify(cc).orElseThrow();
        Files.writeString(cc, "#!/bin/sh\necho 'fake 2.0'\n"); // same size
        Files.setLastModifiedTime(cc, mtime);
        CompilerIdentity after = identities.identify(cc).orElseThrow();
        assertThat(after.digest()).isNotEqualTo(before.digest());
        assertThat(after.version()).isEqualTo("fake 2.0\n");
    }

    @Test
    void aBinaryWithTwoNamesHasEachNamesVersionWhicheverAskedFirst() throws Exception {
        Path cc = dir.resolve("g++");
        Files.writeString(cc, "#!/bin/sh\necho \"$(basename \"$0\") (Debian 12.2.0) 12.2.0\"\n");
        cc.toFile().setExecutable(true);
        Path alias = Files.createSymbolicLink(dir.resolve("c++"), cc);
        CompilerIdentities other = new CompilerIdentities(files);

        String viaAliasFirst = identities.identify(alias).orElseThrow().version();
        String realAfter = identities.identify(cc).orElseThrow().version();
        String realFirst = other.identify(cc).orElseThrow().version();
        String viaAliasAfter = other.identify(alias).orElseThrow().version();

        assertThat(viaAliasFirst).isEqualTo(viaAliasAfter).isEqualTo("c++ (Debian 12.2.0) 12.2.0\n");
        assertThat(realAfter).isEqualTo(realFirst).isEqualTo("g++ (Debian 12.2.0) 12.2.0\n");
    }

    @Test
    void missingOrFailingCompilerHasNoIdentity() throws Exception {
        assertThat(identities.identify(dir.resolve("nope"))).isEmpty();
        Path bad = dir.resolve("bad");
        Files.writeString(bad, "#!/bin/sh\nexit 1\n");
        bad.toFile().setExecutable(true);
        assertThat(identities.identify(bad)).isEmpty();
    }
}
