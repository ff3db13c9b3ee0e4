package dev.zccache.compiler.gcc;

import dev.zccache.compiler.CompilerIdentities;
import dev.zccache.compiler.CompilerIdentity;

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

class GccProbesTest {

    private final Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);
    private final FileStateCache files = new FileStateCache(1000, later, Duration.ofSeconds(2));
    private final CompilerIdentities identities = new CompilerIdentities(files);
    private final GccProbes probes = new GccProbes(identities);

    @Test
    void marchNativeIsDescribedByWhatTheDriverWouldRun() throws Exception {
        CompilerIdentity gcc = identities.identify(Path.of("/usr/bin/gcc").toRealPath()).orElseThrow();
        String native1 = probes.describeNative(gcc, "-march=native").orElseThrow();
        // the host's CPU by name, e.g. -march=znver3 on the cc1 line
        assertThat(java.util.regex.Pattern.compile("-march=(?!native)[a-z0-9-]+").matcher(native1).find()).isTrue();
        assertThat(probes.describeNative(gcc, "-march=native")).contains(native1);
        assertThat(probes.describeNative(gcc, "-mtune=native").orElseThrow()).isNotEqualTo(native1);
    }

    @Test
    void systemIncludeDirsAreWhatTheCompilerSearches() throws Exception {
        CompilerIdentity gcc = identities.identify(Path.of("/usr/bin/gcc").toRealPath()).orElseThrow();
        java.util.List<Path> c = probes.systemIncludeDirs(gcc, "c").orElseThrow();
        assertThat(c).contains(Path.of("/usr/include"));
        assertThat(c.indexOf(Path.of("/usr/local/include"))).isLessThan(c.indexOf(Path.of("/usr/include")));
        java.util.List<Path> cxx = probes.systemIncludeDirs(gcc, "c++").orElseThrow();
        assertThat(cxx).hasSizeGreaterThan(c.size()).anyMatch(p -> p.toString().contains("c++"));
    }
}
