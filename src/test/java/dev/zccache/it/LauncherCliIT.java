package dev.zccache.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.protocol.Wire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The launcher's own commands, without a daemon. */
class LauncherCliIT {

    @TempDir
    Path work;

    private Zccache zc() {
        return new Zccache(work.resolve("cache"));
    }

    @Test
    void helpShowsEveryVariableTheManualDocuments() throws IOException {
        Set<String> documented = new LinkedHashSet<>();
        Matcher m = Pattern.compile("`(ZCCACHE_[A-Z_]+)").matcher(Files.readString(Path.of("HELP.md")));
        while (m.find()) {
            documented.add(m.group(1));
        }
        documented.remove("ZCCACHE_NESTED"); // set by the daemon for compilers, not by users
        assertThat(documented).hasSizeGreaterThan(8);
        Zccache.Result help = zc().run(work, "--help");
        assertThat(help.exit()).isZero();
        for (String variable : documented) {
            assertThat(help.out()).as(variable).contains(variable);
        }
        for (String command : new String[] {"start", "stop", "status [--json]", "--version"}) {
            assertThat(help.out()).contains("zccache " + command);
        }
    }

    @Test
    void helpListsEveryReasonOfTheCatalogueUnderItsOutcome() {
        String help = zc().run(work, "--help").out();
        String reasons = help.substring(help.indexOf("Reasons ("), help.indexOf("Files: "));
        for (dev.zccache.outcome.Reason r : dev.zccache.outcome.Reason.values()) {
            String kind = r.kind().name().toLowerCase(java.util.Locale.ROOT) + ":";
            String section = reasons.substring(reasons.indexOf(kind));
            int next = section.indexOf(":", kind.length());
            String own = next < 0 ? section : section.substring(0, section.lastIndexOf('\n', next));
            assertThat(own.split("\\s+")).as(r.id()).contains(r.id());
        }
    }

    @Test
    void versionNamesTheProtocol() {
        Zccache.Result r = zc().run(work, "--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).matches("zccache \\S+ \\(protocol " + Wire.PROTOCOL_VERSION + "\\)\\n");
    }

    @Test
    void noArgumentsOrAnUnknownOptionIsAUsageError() {
        Zccache.Result none = zc().run(work);
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("Usage:");
        Zccache.Result unknown = zc().run(work, "--frobnicate");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown option --frobnicate");
    }

    @Test
    void statusWithoutADaemonSaysSoInJsonAndExitsOne() {
        Zccache z = zc();
        Zccache.Result r = z.run(work, "status", "--json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode s = JsonMapper.builder().build().readTree(r.out());
        assertThat(s.path("running").asBoolean(true)).isFalse();
        assertThat(s.path("protocol").asInt()).isEqualTo(Wire.PROTOCOL_VERSION);
        assertThat(s.path("cache_dir").asString()).isEqualTo(z.cacheDir.toString());
        assertThat(s.path("socket").asString()).isEqualTo(z.cacheDir.resolve("daemon.sock").toString());
        assertThat(s.has("pid")).isTrue();
        assertThat(s.has("version")).isTrue();
        // status never starts a daemon
        assertThat(z.run(work, "status").exit()).isEqualTo(1);
    }

    @Test
    void stopWithoutADaemonIsANoOp() {
        Zccache.Result r = zc().run(work, "stop");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("not running");
    }

    @Test
    void withoutHomeTheCacheDirIsUnderThePasswdHomeDirectory() throws IOException {
        String uid = String.valueOf(new com.sun.security.auth.module.UnixSystem().getUid());
        String home = Files.readAllLines(Path.of("/etc/passwd")).stream().map(l -> l.split(":", -1))
                .filter(f -> f.length >= 6 && f[2].equals(uid)).map(f -> f[5]).findFirst().orElseThrow();
        java.util.Map<String, String> noHome = new java.util.HashMap<>();
        noHome.put("HOME", null);
        noHome.put("ZCCACHE_CACHE_DIR", null);
        Zccache.Result r = zc().run(work, noHome, "status", "--json");
        JsonNode s = JsonMapper.builder().build().readTree(r.out());
        assertThat(s.path("cache_dir").asString()).isEqualTo(home + "/.zccache");
    }

    @Test
    void aCacheDirIsMadeWithItsMissingParentsAndNamedByItsRealPath() throws IOException {
        Path real = Files.createDirectories(work.resolve("real")).toRealPath();
        Files.createSymbolicLink(work.resolve("link"), real);
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("ZCCACHE_CACHE_DIR", work.resolve("link/a/b").toString());
        Zccache.Result r = zc().run(work, env, "status", "--json");
        JsonNode s = JsonMapper.builder().build().readTree(r.out());
        Path made = real.resolve("a/b");
        assertThat(s.path("cache_dir").asString()).isEqualTo(made.toString());
        assertThat(s.path("socket").asString()).isEqualTo(made.resolve("daemon.sock").toString());
        for (Path d : List.of(real.resolve("a"), made)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).isEqualTo("rwx------");
        }
        // the same directory named again, now that it is there: the same answer
        assertThat(JsonMapper.builder().build().readTree(zc().run(work, env, "status", "--json").out())
                .path("cache_dir").asString()).isEqualTo(made.toString());
    }

    @Test
    void aCacheDirTooLongForASocketPathHasItsSocketInAPrivateTmpDirectory() throws IOException {
        Path deep = work.toRealPath().resolve("d".repeat(60)).resolve("e".repeat(60));
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("ZCCACHE_CACHE_DIR", deep.toString());
        JsonNode s = JsonMapper.builder().build().readTree(zc().run(work, env, "status", "--json").out());
        assertThat(s.path("cache_dir").asString()).isEqualTo(deep.toString());
        assertThat(s.path("socket").asString())
                .isEqualTo(dev.zccache.daemon.DaemonPaths.socketPath(deep, (int) new com.sun.security.auth.module.UnixSystem().getUid()).toString());
    }

    /** A build runs the launcher thousands of times: no dynamic loader (see src/main/c/Makefile). */
    @Test
    void theLauncherIsStaticallyLinked() throws IOException {
        java.nio.ByteBuffer elf = java.nio.ByteBuffer.wrap(Files.readAllBytes(Zccache.LAUNCHER))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(elf.getInt(0)).isEqualTo(0x464c457f); // \x7fELF
        long phoff = elf.getLong(0x20);
        int phentsize = elf.getShort(0x36) & 0xffff;
        int phnum = elf.getShort(0x38) & 0xffff;
        for (int i = 0; i < phnum; i++) {
            int type = elf.getInt((int) phoff + i * phentsize);
            assertThat(type).as("program header %d is PT_INTERP", i).isNotEqualTo(3);
        }
    }
}
