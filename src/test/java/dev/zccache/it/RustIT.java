package dev.zccache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * cargo with {@code RUSTC_WRAPPER=zccache}: the real cargo and rustc, offline, on a workspace of
 * path dependencies (src/test/resources/cargo-workspace) with a proc-macro, a build script that
 * emits cfgs and variables and writes into OUT_DIR, env!/option_env!, a feature, a staticlib, a
 * bin and a cdylib (run by rustc itself). Every build's outputs are compared byte for byte with a
 * bare build of the same workspace at the same path; which crates compiled is told by a spy
 * rustc, never by zccache's counters. The tests run in order, each from the state the previous
 * one left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RustIT {

    /** Every crate rustc compiles for `cargo build` of the workspace. */
    static final Set<String> ALL = Set.of("zc_macros", "build_script_build", "zc_gen", "zc_core", "zc_stat",
            "zc_app", "zc_cdy");
    /** The cdylib: never cached, so rustc compiles it whenever cargo asks. */
    static final String CDYLIB = "zc_cdy";

    @TempDir
    static Path root;
    static Zccache zc;
    static Path ws;
    static Path spy;
    static Path spyLog;
    static Path probeLog;
    static int seen;

    @BeforeAll
    static void setUp() throws IOException {
        zc = new Zccache(root.resolve("cache"));
        zc.start();
        Zccache.Result sysroot = Zccache.exec(root, zc.env, List.of("rustc", "--print", "sysroot"));
        assertThat(sysroot.exit()).as(sysroot.err()).isZero();
        Path realRustc = Path.of(sysroot.out().strip(), "bin", "rustc");
        spyLog = root.resolve("rustc.log");
        probeLog = root.resolve("probes.log");
        spy = Zccache.script(root.resolve("bin/rustc"),
                "case \" $* \" in \" -vV \"|*\" ___ \"*) echo \"$*\" >> '" + probeLog + "' ;; esac\n"
                + "case \" $* \" in *\" --crate-name ___ \"*) ;; *\" --crate-name \"*)\n"
                + "  n=$(echo \" $* \" | sed 's/.* --crate-name \\([^ ]*\\) .*/\\1/')\n"
                + "  case \" $* \" in *\" --test \"*) n=\"$n#test\" ;; esac\n"
                + "  echo \"$n\" >> '" + spyLog + "' ;; esac\n"
                + "exec '" + realRustc + "' \"$@\"");
        ws = root.resolve("ws");
        copy(Path.of("src/test/resources/cargo-workspace"), ws);
    }

    @AfterAll
    static void tearDown() {
        zc.close();
    }

    // ---- helpers ----------------------------------------------------------------------------

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** cargo ARGS in the workspace, through zccache or bare; asserts it succeeded. */
    static Zccache.Result cargo(boolean cached, Map<String, String> env, String... args) {
        Map<String, String> e = new HashMap<>(zc.env);
        e.put("RUSTC", spy.toString());
        e.put("CARGO_INCREMENTAL", "0");
        e.put("CARGO_TERM_COLOR", "never");
        e.remove("RUSTFLAGS");
        e.remove("CARGO_TARGET_DIR");
        if (cached) {
            e.put("RUSTC_WRAPPER", Zccache.LAUNCHER.toString());
        } else {
            e.remove("RUSTC_WRAPPER");
        }
        env.forEach((k, v) -> {
            if (v == null) {
                e.remove(k);
            } else {
                e.put(k, v);
            }
        });
        List<String> cmd = new ArrayList<>(List.of("cargo"));
        cmd.addAll(List.of(args));
        cmd.add("--offline");
        Zccache.Result r = Zccache.exec(ws, e, cmd);
        assertThat(r.exit()).as(String.join(" ", cmd) + "\n" + r.err()).isZero();
        return r;
    }

    static Zccache.Result cargo(boolean cached, String... args) {
        return cargo(cached, Map.of(), args);
    }

    /** The crates rustc compiled since the last call. */
    static Set<String> compiled() throws IOException {
        List<String> lines = Files.exists(spyLog) ? Files.readAllLines(spyLog) : List.of();
        Set<String> out = new TreeSet<>(lines.subList(seen, lines.size()));
        seen = lines.size();
        return out;
    }

    /**
     * SHA-256 of every file cargo's rustc calls produced: deps/, build-script programs and what
     * they wrote into OUT_DIR, and the artifacts cargo links up a level (not its own bookkeeping:
     * fingerprints hold times).
     */
    static Map<String, String> outputs() throws Exception {
        Map<String, String> out = new TreeMap<>();
        Path target = ws.resolve("target");
        try (Stream<Path> files = Files.walk(target)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = target.relativize(f).toString();
                if (rel.equals(".rustc_info.json") || rel.contains(".fingerprint/") || rel.contains("/incremental/") || rel.endsWith("/output")
                        || rel.endsWith("/stderr") || rel.endsWith("/root-output") || rel.endsWith("invoked.timestamp")
                        || rel.startsWith("CACHEDIR") || rel.endsWith(".cargo-lock") || rel.contains("/.cargo-")) {
                    continue;
                }
                String mode = Files.isExecutable(f) ? " x" : "";
                out.put(rel, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(f))) + mode);
            }
        }
        return out;
    }

    /** A bare build from clean, then one through zccache from clean: their outputs must be the same. */
    static Map<String, String> bareThenCached(Map<String, String> env, String... args) throws Exception {
        cargo(false, "clean");
        cargo(false, env, args);
        Map<String, String> bare = outputs();
        assertThat(bare).isNotEmpty();
        cargo(false, "clean");
        compiled();
        cargo(true, env, args);
        assertThat(outputs()).as("outputs through zccache ≡ bare").isEqualTo(bare);
        return bare;
    }

    static void edit(String file, String from, String to) throws IOException {
        Path p = ws.resolve(file);
        String text = Files.readString(p);
        assertThat(text).contains(from);
        Files.writeString(p, text.replace(from, to));
    }

    static String explain(String file) {
        return zc.run(ws, "explain", file).out();
    }

    static Path output(String glob) throws IOException {
        try (Stream<Path> files = Files.list(ws.resolve("target/debug/deps"))) {
            return files.filter(f -> f.getFileName().toString().matches(glob)).findFirst().orElseThrow();
        }
    }

    // ---- the scenario -------------------------------------------------------------------------

    @Test
    @Order(1)
    void aColdBuildThenAWarmOneAfterCleanEqualTheBareBuildAndTheWarmOneCompilesOnlyTheCdylib() throws Exception {
        Map<String, String> bare = bareThenCached(Map.of(), "build");
        assertThat(compiled()).as("cold: every crate").isEqualTo(ALL);
        Zccache.Result noop = cargo(true, "build", "-v");
        assertThat(compiled()).as("a no-op build after a cold one\n" + noop.err()).isEmpty();
        cargo(false, "clean");
        Zccache.Result warm = cargo(true, "build");
        assertThat(compiled()).as("warm: hits but the cdylib").containsExactly(CDYLIB);
        assertThat(outputs()).isEqualTo(bare);
        assertThat(warm.err()).as("the warning, replayed in rustc's JSON, rendered by cargo")
                .contains("unused variable: `unused`");
        Zccache.Result app = Zccache.exec(ws, zc.env, List.of(ws.resolve("target/debug/zc-app").toString()));
        assertThat(app.out()).isEqualTo("generated from plain 5 zc-gen None 44\n");
    }

    @Test
    @Order(2)
    void aNoOpBuildAfterAWarmOneRebuildsNothing() throws Exception {
        Zccache.Result again = cargo(true, "build", "-v");
        assertThat(again.err()).doesNotContain("Compiling");
        assertThat(compiled()).as(again.err()).isEmpty();
    }

    @Test
    @Order(2)
    void cargosProbesOfRustcAreAnsweredByTheDaemonWithoutRunningIt() throws Exception {
        long before = Files.readAllLines(probeLog).size();
        cargo(true, "build");
        assertThat(Files.readAllLines(probeLog)).as("no rustc -vV or --print probe ran").hasSize((int) before);
        Zccache.Result viaCache = zc.run(ws, spy.toString(), "-vV");
        Zccache.Result bare = Zccache.exec(ws, zc.env, List.of(spy.toString(), "-vV"));
        assertThat(viaCache.exit()).isZero();
        assertThat(viaCache.stdout()).isEqualTo(bare.stdout());
        assertThat(viaCache.stderr()).isEmpty();
    }

    @Test
    @Order(3)
    void aVariableReadByOptionEnvMissesItsCrateAndItsUnsetValueHitsAgain() throws Exception {
        Map<String, String> set = Map.of("ZC_TEST_OPTIONAL", "yes");
        Map<String, String> bare = bareThenCached(set, "build");
        assertThat(compiled()).as("gen misses; its dependents see another rlib")
                .containsExactlyInAnyOrder("zc_gen", "zc_core", "zc_stat", "zc_app", CDYLIB);
        assertThat(explain(output("libzc_gen-.*\\.rlib").toString())).contains("changed: ZC_TEST_OPTIONAL");
        cargo(true, "build");
        assertThat(compiled()).as("unset again: the first entries").containsExactly(CDYLIB);
        cargo(true, Map.of("ZC_TEST_OPTIONAL", ""), "build");
        assertThat(compiled()).as("empty is not unset").contains("zc_gen");
        cargo(false, "clean");
        cargo(true, set, "build");
        assertThat(compiled()).containsExactly(CDYLIB);
        assertThat(outputs()).isEqualTo(bare);
    }

    @Test
    @Order(4)
    void aTouchedSourceHitsAnEditedOneMissesItsCrateAndTheCratesBuiltOnIt() throws Exception {
        cargo(true, "build");
        compiled();
        ws.resolve("gen/src/util.rs").toFile().setLastModified(System.currentTimeMillis());
        cargo(true, "build");
        assertThat(compiled()).as("cargo rebuilds, the content is the same").containsExactly(CDYLIB);
        edit("gen/src/util.rs", "x * 2", "x + x");
        bareThenCached(Map.of(), "build");
        assertThat(compiled()).containsExactlyInAnyOrder("zc_gen", "zc_core", "zc_stat", "zc_app", CDYLIB);
        assertThat(explain(output("libzc_gen-.*\\.rlib").toString())).contains("header changed: " + ws.resolve("gen/src/util.rs"));
        assertThat(explain(output("libzc_core-.*\\.rlib").toString())).contains("crate given by --extern changed: ")
                .contains("libzc_gen-");
        edit("app/src/main.rs", "println!(\"{}\"", "println!(\"app: {}\"");
        cargo(true, "build");
        assertThat(compiled()).containsExactly("zc_app");
        assertThat(explain(output("zc_app-[0-9a-f]+").toString())).contains("source changed: " + ws.resolve("app/src/main.rs"));
    }

    @Test
    @Order(5)
    void aBuildScriptsNewOutputMissesTheCrateThatIncludesIt() throws Exception {
        Map<String, String> input = Map.of("ZC_GEN_INPUT", "elsewhere");
        bareThenCached(input, "build");
        assertThat(compiled()).as("the build script reruns (not recompiled); gen reads what it wrote")
                .containsExactlyInAnyOrder("zc_gen", "zc_core", "zc_stat", "zc_app", CDYLIB);
        Zccache.Result app = Zccache.exec(ws, zc.env, List.of(ws.resolve("target/debug/zc-app").toString()));
        assertThat(app.out()).startsWith("app: generated from elsewhere 9 ");
    }

    @Test
    @Order(6)
    void aFeatureAndRustflagsChangeTheArgumentsOfTheCratesTheyReach() throws Exception {
        cargo(true, "build");
        compiled();
        bareThenCached(Map.of(), "build", "--features", "zc-gen/extra");
        assertThat(compiled()).as("the build script's metadata hash holds the features too")
                .containsExactlyInAnyOrder("build_script_build", "zc_gen", "zc_core", "zc_stat", "zc_app", CDYLIB);
        assertThat(explain(output("libzc_gen-.*\\.rlib").toString())).contains("feature=\"extra\"");
        Map<String, String> flags = Map.of("RUSTFLAGS", "--cfg zc_flag");
        cargo(true, flags, "build");
        assertThat(compiled()).as("every crate gets the flag").isEqualTo(ALL);
        cargo(false, "clean");
        cargo(true, flags, "build");
        assertThat(compiled()).containsExactly(CDYLIB);
    }

    @Test
    @Order(7)
    void checkReleaseAndTestBuildsAreCachedButTheTestHarnesses() throws Exception {
        bareThenCached(Map.of(), "check");
        cargo(false, "clean");
        compiled();
        cargo(true, "check");
        assertThat(compiled()).as("check: metadata only, every crate hit but the cdylib").containsExactly(CDYLIB);
        bareThenCached(Map.of(), "build", "--release");
        cargo(false, "clean");
        compiled();
        cargo(true, "build", "--release");
        assertThat(compiled()).containsExactly(CDYLIB);
        Zccache.Result test = cargo(true, "test");
        assertThat(test.out() + test.err()).contains("test tests::answers ... ok").contains("test describes ... ok");
        assertThat(compiled()).contains("zc_core#test", "describe#test");
        cargo(false, "clean");
        cargo(true, "test");
        assertThat(compiled()).as("only harnesses (--test) and the cdylib compile again")
                .allMatch(c -> c.endsWith("#test") || c.equals(CDYLIB)).contains("zc_core#test");
    }

    @Test
    @Order(8)
    void anotherCheckoutCompilesItsOwnOutputsNamingItAndSaysWhy() throws Exception {
        Path first = ws;
        Path other = root.resolve("checkout-b/ws");
        copy(Path.of("src/test/resources/cargo-workspace"), other);
        ws = other;
        try {
            bareThenCached(Map.of(), "build");
            assertThat(compiled()).as("every output names its checkout (debug info, metadata): nothing is shared")
                    .isEqualTo(ALL);
            assertThat(explain(output("libzc_gen-.*\\.rlib").toString())).contains("compiled before in " + first);
            try (Stream<Path> files = Files.list(other.resolve("target/debug/deps"))) {
                for (Path f : files.filter(f -> f.toString().endsWith(".rlib")).toList()) {
                    assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
                            .doesNotContain(first.toString());
                }
            }
        } finally {
            ws = first;
        }
    }

    @Test
    @Order(9)
    void withABaseDirASecondCheckoutHitsEveryCrateAndEqualsABareBuildWithTheSamePrefixMap() throws Exception {
        Path first = ws;
        Path one = root.resolve("remap-a/ws");
        Path two = root.resolve("remap-b/deeper/ws");
        copy(Path.of("src/test/resources/cargo-workspace"), one);
        copy(Path.of("src/test/resources/cargo-workspace"), two);
        // what zccache does to a remapped call, done by a plain wrapper: the bare build to compare with
        Path remapper = Zccache.script(root.resolve("bin/remap-wrapper"),
                "rustc=\"$1\"; shift\nexec \"$rustc\" \"--remap-path-prefix=$PWD=.\" \"$@\"");
        try {
            ws = one;
            cargo(true, Map.of("ZCCACHE_BASE_DIR", one.toString()), "build");
            assertThat(compiled()).as("remapped keys are not the absolute ones: all compile").isEqualTo(ALL);
            ws = two;
            cargo(false, Map.of("RUSTC_WRAPPER", remapper.toString()), "build");
            Map<String, String> bare = withoutCdylib(outputs());
            cargo(false, "clean");
            compiled();
            cargo(true, Map.of("ZCCACHE_BASE_DIR", two.toString()), "build");
            assertThat(compiled()).as("every cached crate is a hit from the other checkout").containsExactly(CDYLIB);
            assertThat(withoutCdylib(outputs())).as("≡ the bare build with the prefix map").isEqualTo(bare);
            Path depInfo = output("zc_gen-.*\\.d");
            assertThat(Files.readString(depInfo)).as("rebased to this checkout").contains(two.toString())
                    .doesNotContain(one.toString());
            Zccache.Result app = Zccache.exec(ws, zc.env, List.of(ws.resolve("target/debug/zc-app").toString()));
            assertThat(app.out()).isEqualTo("generated from plain 5 zc-gen None 44\n");
            Zccache.Result noop = cargo(true, Map.of("ZCCACHE_BASE_DIR", two.toString()), "build", "-v");
            assertThat(compiled()).as("cargo finds the delivered dep-info fresh\n" + noop.err()).isEmpty();

            // a crate whose value names its checkout cannot be shared: run, and not stored
            edit("core/src/lib.rs", "/// Warns", "pub const DIR: &str = env!(\"CARGO_MANIFEST_DIR\");\n\n/// Warns");
            cargo(true, Map.of("ZCCACHE_BASE_DIR", two.toString()), "build");
            assertThat(compiled()).contains("zc_core");
            cargo(false, "clean");
            cargo(true, Map.of("ZCCACHE_BASE_DIR", two.toString()), "build");
            assertThat(compiled()).as("not stored, so compiled again").containsExactlyInAnyOrder("zc_core", CDYLIB);
            assertThat(explain(output("libzc_core-.*\\.rlib").toString())).contains("base-in-output");
        } finally {
            ws = first;
        }
    }

    static Map<String, String> withoutCdylib(Map<String, String> outputs) {
        Map<String, String> out = new TreeMap<>(outputs);
        out.keySet().removeIf(f -> f.contains("zc_cdy"));
        return out;
    }

    @Test
    @Order(10)
    void theStatsCountTheUncachedCallsByTheirReasons() {
        String stats = zc.run(ws, "stats").out();
        assertThat(stats).contains("crate-type-not-cached").contains("test-harness").contains("base-in-output");
    }
}
