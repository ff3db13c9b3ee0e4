package dev.zccache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ../shared/CORRECTNESS.md, one test per behaviour (numbers in the names' javadoc), through the
 * real launcher, daemon, gcc and clang. "≡ ref" is a byte comparison with the same command run
 * without zccache; hit and miss are told apart by a spy compiler, never by zccache's counters.
 */
class CorrectnessIT {

    @TempDir
    static Path root;
    static Zccache zc;
    static Map<String, CompilerSpy> spies = new HashMap<>();

    @TempDir
    Path work;

    private long lastWrite;

    @BeforeAll
    static void startDaemon() throws IOException {
        zc = new Zccache(root.resolve("cache"));
        zc.start();
        Path bin = Files.createDirectories(root.resolve("bin"));
        spies.put("gcc", CompilerSpy.create(bin, "gcc", "/usr/bin/gcc"));
        spies.put("g++", CompilerSpy.create(bin, "g++", "/usr/bin/g++"));
        spies.put("clang", CompilerSpy.create(bin, "clang", "/usr/bin/clang"));
    }

    @AfterAll
    static void stopDaemon() {
        zc.close();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private Path src(String name, String content) throws IOException {
        Path p = Zccache.write(work.resolve(name), content);
        lastWrite = System.currentTimeMillis();
        return p;
    }

    /**
     * zccache CC ARGS in cwd. Waits until the last source write is older than the coarse
     * file-clock slack first: an input changed while the compiler ran is never stored.
     */
    private Zccache.Result cc(Path cwd, Map<String, String> env, String compiler, String... args) {
        Zccache.await("sources to age", Duration.ofSeconds(5), () -> System.currentTimeMillis() - lastWrite > 60);
        List<String> cmd = new ArrayList<>();
        cmd.add(spies.get(compiler).path.toString());
        cmd.addAll(List.of(args));
        return zc.run(cwd, env, cmd.toArray(String[]::new));
    }

    private Zccache.Result cc(String compiler, String... args) {
        return cc(work, Map.of(), compiler, args);
    }

    /** The same command with the real compiler, no zccache; returns its result. */
    private Zccache.Result ref(Path cwd, Map<String, String> env, String compiler, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("/usr/bin/" + compiler);
        cmd.addAll(List.of(args));
        return Zccache.exec(cwd, zc.merged(env), cmd);
    }

    private Zccache.Result ref(String compiler, String... args) {
        return ref(work, Map.of(), compiler, args);
    }

    private int calls(String compiler) throws IOException {
        return spies.get(compiler).calls();
    }

    private byte[] bytes(String file) throws IOException {
        return Files.readAllBytes(work.resolve(file));
    }

    private void assertSameBytes(String actual, String expected) throws IOException {
        assertThat(bytes(actual)).as(actual + " ≡ " + expected).isEqualTo(bytes(expected));
    }

    /** Runs ref and then zccache with the same args; returns the reference bytes of each listed output. */
    private Map<String, byte[]> refOutputs(String compiler, List<String> outputs, String... args) throws IOException {
        Zccache.Result r = ref(compiler, args);
        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, byte[]> m = new HashMap<>();
        for (String o : outputs) {
            m.put(o, Files.readAllBytes(work.resolve(o)));
            Files.delete(work.resolve(o));
        }
        return m;
    }

    private void assertOutputs(Map<String, byte[]> expected) throws IOException {
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertThat(bytes(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    private static final String HELLO = "#include <stdio.h>\n#include \"a.h\"\nint main(void) {\n"
            + "  printf(\"%d\\n\", A);\n  return 0;\n}\n";

    // ---- results are the compiler's -----------------------------------------------------------

    /** 1. Same compile twice: miss then hit; the object ≡ ref both times. */
    @ParameterizedTest
    @ValueSource(strings = {"gcc", "clang"})
    void sameCompileTwiceIsMissThenHit(String compiler) throws IOException {
        src("a.h", "#define A 1\n");
        src("t.c", HELLO);
        ref(compiler, "-O2", "-c", "t.c", "-o", "ref.o");
        int before = calls(compiler);
        assertThat(cc(compiler, "-O2", "-c", "t.c", "-o", "t.o").exit()).isZero();
        assertThat(calls(compiler)).isEqualTo(before + 1);
        assertSameBytes("t.o", "ref.o");
        Files.delete(work.resolve("t.o"));
        assertThat(cc(compiler, "-O2", "-c", "t.c", "-o", "t.o").exit()).isZero();
        assertThat(calls(compiler)).as("second compile is a hit").isEqualTo(before + 1);
        assertSameBytes("t.o", "ref.o");
    }

    /** 2. Only -o changes: hit, output at the new path ≡ ref. */
    @ParameterizedTest
    @ValueSource(strings = {"gcc", "clang"})
    void onlyOutputPathChangesIsAHit(String compiler) throws IOException {
        src("a.h", "#define A 2\n");
        src("t.c", HELLO);
        Files.createDirectories(work.resolve("sub"));
        ref(compiler, "-c", "t.c", "-o", "ref.o");
        cc(compiler, "-c", "t.c", "-o", "x.o");
        int before = calls(compiler);
        assertThat(cc(compiler, "-c", "t.c", "-oy.o").exit()).isZero();
        assertThat(cc(compiler, "-c", "t.c", "-o", "sub/z.o").exit()).isZero();
        assertThat(calls(compiler)).isEqualTo(before);
        assertSameBytes("y.o", "ref.o");
        assertSameBytes("sub/z.o", "ref.o");
    }

    /** 3. Default output names: -c src/foo.c writes foo.o in the cwd; -x c on an extensionless file. */
    @Test
    void defaultOutputNamesAndExtensionlessSources() throws IOException {
        src("src/foo.c", "int foo(void) { return 3; }\n");
        src("plain", "int plain(void) { return 4; }\n");
        ref("gcc", "-c", "src/foo.c");
        Files.move(work.resolve("foo.o"), work.resolve("ref-foo.o"));
        ref("gcc", "-x", "c", "-c", "plain", "-o", "ref-plain.o");
        for (int i = 0; i < 2; i++) {
            Files.deleteIfExists(work.resolve("foo.o"));
            assertThat(cc("gcc", "-c", "src/foo.c").exit()).isZero();
            assertSameBytes("foo.o", "ref-foo.o");
            assertThat(cc("gcc", "-x", "c", "-c", "plain", "-o", "plain.o").exit()).isZero();
            assertSameBytes("plain.o", "ref-plain.o");
        }
        assertThat(work.resolve("src/foo.o")).doesNotExist();
    }

    /** 6. A failing compile: status, stdout and stderr ≡ ref; nothing stored; a repeat calls the compiler. */
    @Test
    void failingCompileIsNotStored() throws IOException {
        src("bad.c", "int main(void) { return undeclared; }\n");
        Zccache.Result r = ref("gcc", "-c", "bad.c");
        int before = calls("gcc");
        for (int i = 0; i < 2; i++) {
            Zccache.Result via = cc("gcc", "-c", "bad.c");
            assertThat(via.exit()).isEqualTo(r.exit()).isNotZero();
            assertThat(via.stderr()).isEqualTo(r.stderr());
            assertThat(via.stdout()).isEqualTo(r.stdout());
        }
        assertThat(calls("gcc")).isEqualTo(before + 2);
    }

    /** 7. Warnings on a hit ≡ the miss's stderr; stdout (-Wa,-a listing) replayed too. */
    @ParameterizedTest
    @ValueSource(strings = {"gcc", "clang"})
    void warningsAndStdoutAreReplayedOnAHit(String compiler) throws IOException {
        src("w.c", "int f(int x) { int unused; return x; }\n");
        Zccache.Result r = ref(compiler, "-Wall", "-c", "w.c", "-o", "ref.o");
        assertThat(r.err()).contains("unused");
        Zccache.Result miss = cc(compiler, "-Wall", "-c", "w.c", "-o", "w.o");
        int before = calls(compiler);
        Zccache.Result hit = cc(compiler, "-Wall", "-c", "w.c", "-o", "w.o");
        assertThat(calls(compiler)).isEqualTo(before);
        assertThat(miss.stderr()).isEqualTo(r.stderr());
        assertThat(hit.stderr()).isEqualTo(r.stderr());
        if (compiler.equals("gcc")) {
            // -pipe: the listing names "{standard input}", not a random temporary file
            Zccache.Result listing = ref(compiler, "-pipe", "-Wa,-a", "-c", "w.c", "-o", "ref2.o");
            assertThat(listing.out()).contains("GAS LISTING");
            cc(compiler, "-pipe", "-Wa,-a", "-c", "w.c", "-o", "w2.o");
            int calls = calls(compiler);
            Zccache.Result hit2 = cc(compiler, "-pipe", "-Wa,-a", "-c", "w.c", "-o", "w2.o");
            assertThat(calls(compiler)).isEqualTo(calls);
            assertThat(hit2.stdout()).isEqualTo(listing.stdout());
        }
    }

    /** 8. A header edit that only shifts lines: miss, warning line numbers ≡ the new ref. */
    @Test
    void headerEditShiftingLinesMissesWithNewLineNumbers() throws IOException {
        src("h.h", "static int g(int x) { int unused; return x; }\n");
        src("t.c", "#include \"h.h\"\nint f(void) { return g(1); }\n");
        cc("gcc", "-Wall", "-c", "t.c");
        src("h.h", "\n\n\nstatic int g(int x) { int unused; return x; }\n");
        Zccache.Result r = ref("gcc", "-Wall", "-c", "t.c", "-o", "ref.o");
        int before = calls("gcc");
        Zccache.Result via = cc("gcc", "-Wall", "-c", "t.c");
        assertThat(calls("gcc")).isEqualTo(before + 1);
        assertThat(via.stderr()).isEqualTo(r.stderr());
        assertThat(r.err()).contains("h.h:4");
    }

    /** 9. Argument order matters (-DX=1 -UX vs -UX -DX=1). */
    @Test
    void argumentOrderIsPartOfTheKey() throws IOException {
        src("x.c", "#ifdef X\nint x = X;\n#else\nint x = 0;\n#endif\n");
        ref("gcc", "-DX=1", "-UX", "-c", "x.c", "-o", "ref1.o");
        ref("gcc", "-UX", "-DX=1", "-c", "x.c", "-o", "ref2.o");
        assertThat(bytes("ref1.o")).isNotEqualTo(bytes("ref2.o"));
        cc("gcc", "-DX=1", "-UX", "-c", "x.c", "-o", "o1.o");
        cc("gcc", "-UX", "-DX=1", "-c", "x.c", "-o", "o2.o");
        assertSameBytes("o1.o", "ref1.o");
        assertSameBytes("o2.o", "ref2.o");
        int before = calls("gcc");
        cc("gcc", "-Werror", "-UX", "-DX=1", "-c", "x.c", "-o", "o3.o");
        assertThat(calls("gcc")).as("-Werror is part of the key").isEqualTo(before + 1);
    }

    /** 10. Empty source, empty header: cacheable. */
    @Test
    void emptySourceAndHeaderAreCacheable() throws IOException {
        src("e.h", "");
        src("e.c", "#include \"e.h\"\n");
        src("empty.c", "");
        cc("gcc", "-c", "e.c");
        cc("gcc", "-c", "empty.c");
        int before = calls("gcc");
        cc("gcc", "-c", "e.c");
        cc("gcc", "-c", "empty.c");
        assertThat(calls("gcc")).isEqualTo(before);
    }

    /** 11. Outputs get the caller's umask, never read-only, on miss and hit. */
    @Test
    void outputsGetTheCallersUmask() throws IOException {
        src("u.c", "int u;\n");
        for (String mask : List.of("022", "077", "022")) {
            Files.deleteIfExists(work.resolve("u.o"));
            Files.deleteIfExists(work.resolve("u.d"));
            Zccache.await("sources to age", Duration.ofSeconds(5), () -> System.currentTimeMillis() - lastWrite > 60);
            Zccache.Result r = Zccache.exec(work, zc.env, List.of("/bin/sh", "-c", "umask " + mask + "; exec "
                    + Zccache.LAUNCHER + " " + spies.get("gcc").path + " -MD -c u.c"));
            assertThat(r.exit()).as(r.err()).isZero();
            String expected = mask.equals("022") ? "rw-r--r--" : "rw-------";
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("u.o"))))
                    .isEqualTo(expected);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("u.d"))))
                    .isEqualTo(expected);
        }
    }

    /** 12. -o /dev/null and -MF /dev/null work; output into a missing directory: the compiler's error. */
    @Test
    void devNullOutputsAndMissingDirectories() throws IOException {
        src("n.c", "int n;\n");
        for (int i = 0; i < 2; i++) {
            assertThat(cc("gcc", "-c", "n.c", "-o", "/dev/null").exit()).isZero();
            assertThat(cc("gcc", "-MD", "-MF", "/dev/null", "-c", "n.c").exit()).isZero();
        }
        assertThat((Boolean) Files.getAttribute(Path.of("/dev/null"), "unix:isOther")).as("/dev/null is still a device").isTrue();
        Zccache.Result r = ref("gcc", "-c", "n.c", "-o", "missing/n.o");
        for (int i = 0; i < 2; i++) {
            Zccache.Result via = cc("gcc", "-c", "n.c", "-o", "missing/n.o");
            assertThat(via.exit()).isEqualTo(r.exit()).isNotZero();
            assertThat(via.stderr()).isEqualTo(r.stderr());
        }
    }

    /** 13. -fsyntax-only: no object, an existing object untouched, diagnostics identical on repeat. */
    @Test
    void syntaxOnlyLeavesObjectsAlone() throws IOException {
        src("s.c", "int f(int x) { int unused; return x; }\n");
        src("s.o", "not an object");
        Zccache.Result r = ref("gcc", "-Wall", "-fsyntax-only", "s.c");
        for (int i = 0; i < 2; i++) {
            Zccache.Result via = cc("gcc", "-Wall", "-fsyntax-only", "s.c");
            assertThat(via.stderr()).isEqualTo(r.stderr());
        }
        assertThat(Files.readString(work.resolve("s.o"))).isEqualTo("not an object");
    }

    // ---- not served from cache ------------------------------------------------------------------

    /** 14. Links run: the program runs. 15. -E and -S are passed through. */
    @Test
    void linksPreprocessingAndAssemblyRunForReal() throws IOException {
        src("a.h", "#define A 42\n");
        src("t.c", HELLO);
        for (int i = 0; i < 2; i++) {
            Files.deleteIfExists(work.resolve("prog"));
            assertThat(cc("gcc", "t.c", "-o", "prog").exit()).isZero();
            assertThat(Zccache.exec(work, zc.env, List.of("./prog")).out()).isEqualTo("42\n");
        }
        assertThat(cc("gcc", "-E", "t.c").stdout()).isEqualTo(ref("gcc", "-E", "t.c").stdout());
        ref("gcc", "-S", "t.c", "-o", "ref.s");
        cc("gcc", "-S", "t.c", "-o", "t.s");
        assertSameBytes("t.s", "ref.s");
        cc("gcc", "-save-temps", "-c", "t.c", "-o", "st.o");
        assertThat(work.resolve("st.i")).exists();
        assertThat(work.resolve("st.s")).exists();
    }

    /** 16. Source on stdin (-x c -). */
    @Test
    void stdinSourceRunsForReal() throws IOException {
        src("in.c", "int from_stdin;\n");
        Zccache.await("sources to age", Duration.ofSeconds(5), () -> System.currentTimeMillis() - lastWrite > 60);
        Zccache.Result r = Zccache.exec(work, zc.env, List.of("/bin/sh", "-c", Zccache.LAUNCHER + " "
                + spies.get("gcc").path + " -x c -c - -o stdin.o < in.c"));
        assertThat(r.exit()).as(r.err()).isZero();
        ref("gcc", "-x", "c", "-c", "in.c", "-o", "ref.o");
        assertThat(Files.size(work.resolve("stdin.o"))).isPositive();
    }

    /** 17. DEPENDENCIES_OUTPUT / SUNPRO_DEPENDENCIES: the side file appears on every run. */
    @Test
    void dependenciesOutputVariableWritesItsFileEveryTime() throws IOException {
        src("a.h", "#define A 5\n");
        src("t.c", HELLO);
        for (String var : List.of("DEPENDENCIES_OUTPUT", "SUNPRO_DEPENDENCIES")) {
            // gcc appends to this file: start each variable with a fresh one
            Files.deleteIfExists(work.resolve("ref.dep"));
            ref(work, Map.of(var, "ref.dep"), "gcc", "-c", "t.c", "-o", "t.o");
            for (int i = 0; i < 2; i++) {
                Files.deleteIfExists(work.resolve("side.dep"));
                assertThat(cc(work, Map.of(var, "side.dep"), "gcc", "-c", "t.c", "-o", "t.o").exit()).isZero();
                assertThat(Files.readString(work.resolve("side.dep")))
                        .isEqualTo(Files.readString(work.resolve("ref.dep")));
            }
        }
    }

    /** 18. A compiler that exits 0 but writes no object: nothing bogus stored or replayed. */
    @Test
    void compilerWithoutObjectIsNotStored() throws IOException {
        Path liar = Zccache.script(work.resolve("bin/gcc"), "echo \"$*\" >> " + work.resolve("liar.log")
                + "\nexit 0");
        src("l.c", "int l;\n");
        for (int i = 0; i < 2; i++) {
            Zccache.Result r = zc.run(work, liar.toString(), "-c", "l.c", "-o", "l.o");
            assertThat(r.exit()).isZero();
            assertThat(work.resolve("l.o")).doesNotExist();
        }
        assertThat(Files.readAllLines(work.resolve("liar.log")).stream().filter(l -> l.contains("-c"))).hasSize(2);
    }

    // ---- the key sees every input --------------------------------------------------------------

    /** 19. Source edit: miss. Header edit of the same size with the mtime restored: miss. */
    @Test
    void editsMissEvenWithTheMtimeRestored() throws IOException {
        src("a.h", "#define A 1\n");
        src("t.c", HELLO);
        cc("gcc", "-c", "t.c");
        FileTime mtime = Files.getLastModifiedTime(work.resolve("a.h"));
        src("a.h", "#define A 7\n");
        Files.setLastModifiedTime(work.resolve("a.h"), mtime);
        ref("gcc", "-c", "t.c", "-o", "ref.o");
        int before = calls("gcc");
        cc("gcc", "-c", "t.c");
        assertThat(calls("gcc")).isEqualTo(before + 1);
        assertSameBytes("t.o", "ref.o");
        src("t.c", HELLO + "int extra;\n");
        ref("gcc", "-c", "t.c", "-o", "ref.o");
        cc("gcc", "-c", "t.c");
        assertThat(calls("gcc")).isEqualTo(before + 2);
        assertSameBytes("t.o", "ref.o");
    }

    /** 20. A header dropped from the include chain and deleted: miss; the .d no longer lists it. */
    @Test
    void droppedAndDeletedHeaderMisses() throws IOException {
        src("old.h", "#define OLD 1\n");
        src("t.c", "#include \"old.h\"\nint t = OLD;\n");
        cc("gcc", "-MD", "-c", "t.c");
        assertThat(Files.readString(work.resolve("t.d"))).contains("old.h");
        src("t.c", "int t = 1;\n");
        Files.delete(work.resolve("old.h"));
        int before = calls("gcc");
        assertThat(cc("gcc", "-MD", "-c", "t.c").exit()).isZero();
        assertThat(calls("gcc")).isEqualTo(before + 1);
        assertThat(Files.readString(work.resolve("t.d"))).doesNotContain("old.h");
    }

    /** 21. A new header that shadows a recorded one (-Ib -Ia): miss, when b/ is new and when it was empty. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shadowingHeaderMisses(boolean bExistedEmpty) throws IOException {
        src("a/foo.h", "#define FOO 1\n");
        src("t.c", "#include <foo.h>\nint t = FOO;\n");
        if (bExistedEmpty) {
            Files.createDirectories(work.resolve("b"));
        }
        cc("gcc", "-Ib", "-Ia", "-c", "t.c");
        cc("gcc", "-Ib", "-Ia", "-c", "t.c");
        src("b/foo.h", "#define FOO 2\n");
        ref("gcc", "-Ib", "-Ia", "-c", "t.c", "-o", "ref.o");
        int before = calls("gcc");
        cc("gcc", "-Ib", "-Ia", "-c", "t.c");
        assertThat(calls("gcc")).isEqualTo(before + 1);
        assertSameBytes("t.o", "ref.o");
    }

    /** 22. CPATH, C_INCLUDE_PATH, CPLUS_INCLUDE_PATH selecting another header: ≡ ref. */
    @Test
    void includePathVariablesSelectHeaders() throws IOException {
        src("one/v.h", "#define V 1\n");
        src("two/v.h", "#define V 2\n");
        src("t.c", "#include <v.h>\nint t = V;\n");
        src("t.cc", "#include <v.h>\nint t = V;\n");
        for (String var : List.of("CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH")) {
            String compiler = var.equals("CPLUS_INCLUDE_PATH") ? "g++" : "gcc";
            String source = var.equals("CPLUS_INCLUDE_PATH") ? "t.cc" : "t.c";
            for (String dir : List.of("one", "two", "one")) {
                Map<String, String> env = Map.of(var, work.resolve(dir).toString());
                ref(work, env, compiler, "-c", source, "-o", "ref.o");
                cc(work, env, compiler, "-c", source, "-o", "t.o");
                assertSameBytes("t.o", "ref.o");
            }
        }
    }

    /** 23. The compiler replaced in place: miss. gcc vs g++ on the same .c never share a result. */
    @Test
    void compilerIdentityIsInTheKey() throws IOException {
        src("t.c", "int t(void) { return sizeof('a'); }\n");
        CompilerSpy own = CompilerSpy.create(Files.createDirectories(work.resolve("tools")), "gcc", "/usr/bin/gcc");
        lastWrite = System.currentTimeMillis();
        cc(work, Map.of(), "gcc", "-c", "t.c", "-o", "ignored.o");
        zc.run(work, own.path.toString(), "-c", "t.c");
        zc.run(work, own.path.toString(), "-c", "t.c");
        assertThat(own.calls()).isEqualTo(1);
        // same path, same size class, new content: an in-place upgrade
        Files.writeString(own.path, Files.readString(own.path) + "# upgraded\n");
        lastWrite = System.currentTimeMillis();
        Zccache.await("aged", Duration.ofSeconds(5), () -> System.currentTimeMillis() - lastWrite > 60);
        zc.run(work, own.path.toString(), "-c", "t.c");
        assertThat(own.calls()).isEqualTo(2);
        ref("gcc", "-c", "t.c", "-o", "ref-gcc.o");
        ref("g++", "-c", "t.c", "-o", "ref-gxx.o");
        assertThat(bytes("ref-gcc.o")).isNotEqualTo(bytes("ref-gxx.o"));
        cc("gcc", "-c", "t.c", "-o", "gcc.o");
        cc("g++", "-c", "t.c", "-o", "gxx.o");
        assertSameBytes("gcc.o", "ref-gcc.o");
        assertSameBytes("gxx.o", "ref-gxx.o");
    }

    /** 24. -march=native: cached, keyed by what the CPU makes of it, ≡ ref. */
    @Test
    void marchNativeIsCachedAndCorrect() throws IOException {
        src("m.c", "int m(int *a) { int s = 0; for (int i = 0; i < 64; i++) s += a[i]; return s; }\n");
        ref("gcc", "-O3", "-march=native", "-c", "m.c", "-o", "ref.o");
        cc("gcc", "-O3", "-march=native", "-c", "m.c");
        int before = calls("gcc");
        cc("gcc", "-O3", "-march=native", "-c", "m.c");
        assertThat(calls("gcc")).isEqualTo(before);
        assertSameBytes("m.o", "ref.o");
    }

    /** 25. __TIME__ anywhere in the closure: never stale; __DATE__ with SOURCE_DATE_EPOCH: ≡ ref. */
    @Test
    void timeMacrosAreNeverServedStale() throws IOException {
        src("clock.h", "static const char *when = __TIME__;\n");
        src("t.c", "#include \"clock.h\"\nconst char *get(void) { return when; }\n");
        int before = calls("gcc");
        cc("gcc", "-c", "t.c");
        cc("gcc", "-c", "t.c");
        assertThat(calls("gcc")).as("a __TIME__ user is never a hit").isEqualTo(before + 2);
        src("d.c", "const char *d = __DATE__ \" \" __TIME__;\n");
        for (String epoch : List.of("1000000000", "1700000000")) {
            Map<String, String> env = Map.of("SOURCE_DATE_EPOCH", epoch);
            ref(work, env, "gcc", "-c", "d.c", "-o", "ref.o");
            cc(work, env, "gcc", "-c", "d.c");
            cc(work, env, "gcc", "-c", "d.c");
            assertSameBytes("d.o", "ref.o");
        }
    }

    /** 26. __FILE__: file.c, ./file.c and $PWD/file.c give distinct objects, each ≡ ref. */
    @Test
    void fileMacroSpellingsGiveTheirOwnObjects() throws IOException {
        src("file.c", "const char *f = __FILE__;\n");
        List<String> spellings = List.of("file.c", "./file.c", work.resolve("file.c").toString());
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < spellings.size(); i++) {
                ref("gcc", "-c", spellings.get(i), "-o", "ref" + i + ".o");
                cc("gcc", "-c", spellings.get(i), "-o", "f" + i + ".o");
                assertSameBytes("f" + i + ".o", "ref" + i + ".o");
            }
        }
        assertThat(bytes("ref0.o")).isNotEqualTo(bytes("ref1.o"));
    }

    /** 27. Identical sources in a/ and b/ whose "file.h" differ: ≡ ref each. */
    @Test
    void sameSourceInTwoDirectoriesWithDifferentHeaders() throws IOException {
        for (String d : List.of("a", "b")) {
            src(d + "/file.h", "#define V \"" + d + "\"\n");
            src(d + "/s.c", "#include \"file.h\"\nconst char *v = V;\n");
        }
        for (int round = 0; round < 2; round++) {
            for (String d : List.of("a", "b")) {
                ref("gcc", "-c", d + "/s.c", "-o", "ref-" + d + ".o");
                cc("gcc", "-c", d + "/s.c", "-o", d + ".o");
                assertSameBytes(d + ".o", "ref-" + d + ".o");
            }
        }
    }

    /** 28. -g from two directories: each object's debug info names its own directory. */
    @Test
    void debugInfoNamesEachDirectory() throws IOException {
        for (String d : List.of("one", "two")) {
            src(d + "/g.c", "int g(void) { return 1; }\n");
        }
        for (String d : List.of("one", "two")) {
            Path dir = work.resolve(d);
            ref(dir, Map.of(), "gcc", "-g", "-c", "g.c", "-o", "ref.o");
            cc(dir, Map.of(), "gcc", "-g", "-c", "g.c");
            cc(dir, Map.of(), "gcc", "-g", "-c", "g.c");
            assertThat(Files.readAllBytes(dir.resolve("g.o"))).isEqualTo(Files.readAllBytes(dir.resolve("ref.o")));
        }
    }

    /** 29. --coverage: the .gcno comes back with the object it belongs to; another -o names its own .gcda. */
    @Test
    void coverageNotesAreRestoredWithTheirObject() throws IOException {
        src("c.c", "int c(int x) { return x ? 1 : 2; }\n");
        int before = calls("gcc");
        assertThat(cc("gcc", "--coverage", "-c", "c.c", "-o", "c.o").exit()).isZero();
        byte[] object = bytes("c.o");
        byte[] notes = bytes("c.gcno");
        Files.delete(work.resolve("c.o"));
        Files.delete(work.resolve("c.gcno"));
        assertThat(cc("gcc", "--coverage", "-c", "c.c", "-o", "c.o").exit()).isZero();
        assertThat(calls("gcc")).isEqualTo(before + 1);
        // gcc stamps each .gcno and its object with the compile time: ≡ the compile that made them
        assertThat(bytes("c.o")).isEqualTo(object);
        assertThat(bytes("c.gcno")).isEqualTo(notes);
        Files.createDirectories(work.resolve("sub"));
        assertThat(cc("gcc", "--coverage", "-c", "c.c", "-o", "sub/d.o").exit()).isZero();
        assertThat(calls("gcc")).as("the object embeds its .gcda path: another -o is another key")
                .isEqualTo(before + 2);
        assertThat(new String(bytes("sub/d.o"), java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains(work.resolve("sub/d.gcda").toString());
        assertThat(work.resolve("sub/d.gcno")).exists();
    }

    /** 30. -gsplit-dwarf: the .dwo restored ≡ ref; the object names the right .dwo after -o changes. -fstack-usage too. */
    @Test
    void splitDwarfAndStackUsageAreRestored() throws IOException {
        src("s.c", "int s(int x) { int a[8] = {x}; return a[x & 7]; }\n");
        for (String o : List.of("s.o", "other.o", "s.o")) {
            String base = o.substring(0, o.length() - 2);
            Map<String, byte[]> expected = refOutputs("gcc", List.of(o, base + ".dwo", base + ".su"), "-gsplit-dwarf",
                    "-fstack-usage", "-c", "s.c", "-o", o);
            int before = calls("gcc");
            cc("gcc", "-gsplit-dwarf", "-fstack-usage", "-c", "s.c", "-o", o);
            assertOutputs(expected);
            for (String f : expected.keySet()) {
                Files.delete(work.resolve(f));
            }
            cc("gcc", "-gsplit-dwarf", "-fstack-usage", "-c", "s.c", "-o", o);
            assertThat(calls("gcc")).as("second compile of " + o + " is a hit").isLessThanOrEqualTo(before + 1);
            assertOutputs(expected);
        }
    }

    /** 31. .i, .ii, .s, .S inputs: cacheable and ≡ ref; .i and .ii of the same bytes differ. */
    @Test
    void preprocessedAndAssemblerInputsAreCacheable() throws IOException {
        src("p.i", "int p(void) { return sizeof('a'); }\n");
        src("p.ii", "int p(void) { return sizeof('a'); }\n");
        src("asm.s", ".text\n.globl f\nf:\n ret\n");
        src("asmpp.S", "#define RET ret\n.text\n.globl g\ng:\n RET\n");
        for (String s : List.of("p.i", "p.ii", "asm.s", "asmpp.S")) {
            String o = s.replace('.', '_') + ".o";
            ref("gcc", "-c", s, "-o", "ref-" + o);
            cc("gcc", "-c", s, "-o", o);
            int before = calls("gcc");
            Files.delete(work.resolve(o));
            cc("gcc", "-c", s, "-o", o);
            assertThat(calls("gcc")).as(s + " is a hit the second time").isEqualTo(before);
            assertSameBytes(o, "ref-" + o);
        }
        assertThat(bytes("ref-p_i.o")).isNotEqualTo(bytes("ref-p_ii.o"));
    }

    /** 32. A -D that changes preprocessing: miss. */
    @Test
    void defineChangesMiss() throws IOException {
        src("d.c", "int d = VALUE;\n");
        for (String v : List.of("1", "2", "1")) {
            ref("gcc", "-DVALUE=" + v, "-c", "d.c", "-o", "ref.o");
            cc("gcc", "-DVALUE=" + v, "-c", "d.c");
            assertSameBytes("d.o", "ref.o");
        }
    }

    /** 33. A force-included file (-include, -imacros) changes: miss. */
    @Test
    void forceIncludedFileChangesMiss() throws IOException {
        src("t.c", "int t = FORCED;\n");
        for (String opt : List.of("-include", "-imacros")) {
            for (String v : List.of("1", "2")) {
                src("forced.h", "#define FORCED " + v + "\n");
                ref("gcc", opt, "forced.h", "-c", "t.c", "-o", "ref.o");
                cc("gcc", opt, "forced.h", "-c", "t.c");
                assertSameBytes("t.o", "ref.o");
            }
        }
    }

    // ---- dependency files -----------------------------------------------------------------------

    /**
     * 34, 44 and 45. -MD, -MMD, -MF, -MT, -MQ, -MP, -Wp,-MD/-MMD alone and beside -MD/-MMD, with
     * gcc and clang: the .d ≡ ref on the miss, a hit, and after -o changes (line breaks included).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "gcc|-MD", "gcc|-MMD", "gcc|-MD -MP", "gcc|-MMD -MF deps/x.d", "gcc|-MD -MT custom", "gcc|-MD -MQ $weird",
        "gcc|-MMD -MP -MT a -MQ b -MF y.d", "gcc|-Wp,-MD,w.d", "gcc|-Wp,-MMD,w2.d", "gcc|-MMD -Wp,-MMD,w3.d",
        "gcc|-MD -Wp,-MMD,w4.d", "gcc|-Wp,-MD,w5.d -MMD", "gcc|-Wp,-MMD,w6.d -MF y.d -MMD",
        "clang|-MD", "clang|-MMD -MP -MT a -MQ b -MF y.d", "clang|-MD -MQ $weird", "clang|-Wp,-MD,w.d",
        "clang|-Wp,-MMD,w2.d", "clang|-MMD -Wp,-MMD,w3.d", "clang|-Wp,-MMD,w6.d -MF y.d -MMD"})
    void dependencyFilesMatchTheCompilers(String compiler, String depFlags) throws IOException {
        Files.createDirectories(work.resolve("deps"));
        Files.createDirectories(work.resolve("out dir"));
        src("inc/h.h", "#define H 1\n");
        src("t.c", "#include <stdio.h>\n#include \"inc/h.h\"\nint t = H;\n");
        List<String> flags = List.of(depFlags.split(" "));
        // 45: a renamed build directory (a longer -o) moves the .d's line breaks
        String renamed = "out dir/a_build_directory_renamed_to_something_much_longer/t.o";
        Files.createDirectories(work.resolve(renamed).getParent());
        for (String object : List.of("t.o", "out dir/o$1.o", renamed, "t.o")) {
            List<String> args = new ArrayList<>(flags);
            args.addAll(List.of("-c", "t.c", "-o", object));
            String dep = depPath(compiler, flags, object);
            Map<String, byte[]> expected = refOutputs(compiler, List.of(object, dep), args.toArray(String[]::new));
            Zccache.Result r = cc(compiler, args.toArray(String[]::new));
            assertThat(r.exit()).as(r.err()).isZero();
            assertOutputs(expected);
            Files.delete(work.resolve(dep));
            cc(compiler, args.toArray(String[]::new));
            assertOutputs(expected);
        }
    }

    /** Where the compiler writes the .d: gcc the -Wp file, clang the one named last; else -MF, else the object's. */
    private static String depPath(String compiler, List<String> flags, String object) {
        String found = null;
        for (int i = 0; i < flags.size(); i++) {
            String f = flags.get(i);
            if (f.startsWith("-Wp,")) {
                found = f.substring(f.lastIndexOf(',') + 1);
                if (compiler.equals("gcc")) {
                    return found;
                }
            } else if (f.equals("-MF")) {
                found = flags.get(i + 1);
            }
        }
        return found != null ? found : object.substring(0, object.lastIndexOf('.')) + ".d";
    }

    /** 19 with -MMD: a system header (-isystem) edited misses too, though -MMD leaves it out of the .d. */
    @Test
    void systemHeaderEditMissesWithMmd() throws IOException {
        src("sys/s.h", "#define S 1\n");
        src("t.c", "#include <s.h>\nint t = S;\n");
        cc("gcc", "-isystem", "sys", "-MMD", "-c", "t.c");
        assertThat(Files.readString(work.resolve("t.d"))).doesNotContain("s.h");
        src("sys/s.h", "#define S 2\n");
        ref("gcc", "-isystem", "sys", "-c", "t.c", "-o", "ref.o");
        int before = calls("gcc");
        cc("gcc", "-isystem", "sys", "-MMD", "-c", "t.c");
        assertThat(calls("gcc")).isEqualTo(before + 1);
        assertSameBytes("t.o", "ref.o");
    }

    /** 35. Two -I orders picking a/x.h vs b/x.h: each .d lists the header this call used. */
    @Test
    void includeOrderPicksTheHeaderTheDepFileNames() throws IOException {
        src("a/x.h", "#define X 1\n");
        src("b/x.h", "#define X 2\n");
        src("t.c", "#include <x.h>\nint t = X;\n");
        for (int round = 0; round < 2; round++) {
            cc("gcc", "-Ia", "-Ib", "-MD", "-c", "t.c");
            assertThat(Files.readString(work.resolve("t.d"))).contains("a/x.h").doesNotContain("b/x.h");
            cc("gcc", "-Ib", "-Ia", "-MD", "-c", "t.c");
            assertThat(Files.readString(work.resolve("t.d"))).contains("b/x.h").doesNotContain("a/x.h");
        }
    }

    /** 36. -MD on an assembler source: no stale .d created or resurrected on a hit. */
    @Test
    void assemblerSourceWithMdWritesNoStaleDepFile() throws IOException {
        src("f.s", ".text\n.globl f\nf:\n ret\n");
        ref("gcc", "-MD", "-c", "f.s", "-o", "ref.o");
        boolean refWritesOne = Files.exists(work.resolve("ref.d"));
        for (int i = 0; i < 2; i++) {
            Files.deleteIfExists(work.resolve("f.d"));
            assertThat(cc("gcc", "-MD", "-c", "f.s", "-o", "f.o").exit()).isZero();
            assertThat(Files.exists(work.resolve("f.d"))).isEqualTo(refWritesOne);
            assertSameBytes("f.o", "ref.o");
        }
    }

    /** 36. A .d left by an earlier C compile of the same object is not stored with an assembler's entry. */
    @Test
    void aStaleDepFileBesideAnAssemblerSourceIsNeverResurrected() throws IOException {
        src("g.c", "int g(void) { return 1; }\n");
        cc("gcc", "-MD", "-c", "g.c", "-o", "g.o"); // leaves g.d: "g.o: g.c"
        src("g.s", ".text\n.globl g\ng:\n ret\n");
        // the assembler writes no .d: g.d stays as it was, also its mode under another umask
        // (a chmod would make the earlier build's file look new)
        Zccache.await("sources to age", Duration.ofSeconds(5), () -> System.currentTimeMillis() - lastWrite > 60);
        Zccache.Result r = Zccache.exec(work, zc.env, List.of("/bin/sh", "-c", "umask 077; exec " + Zccache.LAUNCHER
                + " " + spies.get("gcc").path + " -MD -c g.s -o g.o"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("g.d"))))
                .isEqualTo("rw-r--r--");
        Files.delete(work.resolve("g.d"));
        int before = calls("gcc");
        cc("gcc", "-MD", "-c", "g.s", "-o", "g.o");
        assertThat(calls("gcc")).as("a hit").isEqualTo(before);
        assertThat(work.resolve("g.d")).as("the bare compiler writes none").doesNotExist();
    }

    // ---- robustness -----------------------------------------------------------------------------

    /** 37. 32 identical compiles at once on an empty cache: all ≡ ref, compiled at most a few times. */
    @Test
    void identicalConcurrentCompilesAllMatch() throws Exception {
        src("a.h", "#define A 37\n");
        src("t.c", HELLO + "int big[] = {1,2,3};\n");
        ref("gcc", "-O2", "-c", "t.c", "-o", "ref.o");
        Zccache.await("sources to age", Duration.ofSeconds(5), () -> System.currentTimeMillis() - lastWrite > 60);
        int before = calls("gcc");
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<Zccache.Result>> all = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String out = "c" + i + ".o";
                all.add(pool.submit(() -> cc("gcc", "-O2", "-c", "t.c", "-o", out)));
            }
            for (int i = 0; i < 32; i++) {
                assertThat(all.get(i).get().exit()).isZero();
                assertSameBytes("c" + i + ".o", "ref.o");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(calls("gcc") - before).as("single flight").isLessThan(4);
    }

    /** 39. A delivered object overwritten or deleted, then the compile repeated: ≡ ref. */
    @Test
    void editingADeliveredObjectDoesNotDamageTheCache() throws IOException {
        src("a.h", "#define A 39\n");
        src("t.c", HELLO);
        ref("gcc", "-c", "t.c", "-o", "ref.o");
        cc("gcc", "-c", "t.c");
        cc("gcc", "-c", "t.c");
        Files.write(work.resolve("t.o"), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        cc("gcc", "-c", "t.c");
        assertSameBytes("t.o", "ref.o");
        Files.delete(work.resolve("t.o"));
        int before = calls("gcc");
        cc("gcc", "-c", "t.c");
        assertThat(calls("gcc")).isEqualTo(before);
        assertSameBytes("t.o", "ref.o");
    }

    /** 40. Cache files corrupted on disk: output still ≡ ref; the cache heals. */
    @Test
    void corruptedBlobsAreDetectedAndHealed() throws IOException {
        src("a.h", "#define A 40\n");
        src("t.c", HELLO + "int corrupt_me = 40;\n");
        ref("gcc", "-c", "t.c", "-o", "ref.o");
        cc("gcc", "-c", "t.c");
        byte[] object = bytes("t.o");
        Path blob = findBlobWith(object);
        blob.toFile().setWritable(true);
        byte[] flipped = object.clone();
        flipped[flipped.length / 2] ^= 0x5a;
        Files.write(blob, flipped);
        int before = calls("gcc");
        cc("gcc", "-c", "t.c");
        assertSameBytes("t.o", "ref.o");
        assertThat(calls("gcc")).as("corrupt blob means a compile").isEqualTo(before + 1);
        cc("gcc", "-c", "t.c");
        assertThat(calls("gcc")).as("healed: a hit again").isEqualTo(before + 1);
        assertSameBytes("t.o", "ref.o");
    }

    // ---- found later -----------------------------------------------------------------------

    /**
     * 42. .incbin in a C source's inline assembly, in a .s and in a .S source: after the data file
     * changes, the object ≡ ref (the assembler reads it; no dependency list names it).
     */
    @ParameterizedTest
    @ValueSource(strings = {"inc.c", "inc.s", "inc.S"})
    void incbinDataIsNeverServedStale(String source) throws IOException {
        String asm = ".section .rodata\n.globl blob\nblob:\n.incbin \"data.bin\"\n";
        src(source, source.endsWith(".c") ? "__asm__(\"" + asm.replace("\n", "\\n").replace("\"", "\\\"")
                + "\");\nint x;\n" : asm);
        src("data.bin", "first");
        cc("gcc", "-c", source, "-o", "inc.o");
        cc("gcc", "-c", source, "-o", "inc.o");
        src("data.bin", "other");
        ref("gcc", "-c", source, "-o", "ref.o");
        cc("gcc", "-c", source, "-o", "inc.o");
        assertSameBytes("inc.o", "ref.o");
        assertThat(zc.run(work, "explain", "inc.o").out()).contains("not cacheable (assembler-file-input)");
    }

    /**
     * 43. "h.h" found through -I; then an h.h appears in the including file's own directory (the
     * source's, or that of the header that includes it): a miss, ≡ ref.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void headerAppearingBesideItsIncluderMisses(boolean includedFromAHeader) throws IOException {
        src("inc/h.h", "#define H 1\n");
        String[] args;
        String shadow;
        if (includedFromAHeader) {
            src("mid/m.h", "#include \"h.h\"\n");
            src("s/t.c", "#include \"m.h\"\nint t = H;\n");
            args = new String[] {"-Iinc", "-Imid", "-c", "s/t.c", "-o", "t.o"};
            shadow = "mid/h.h";
        } else {
            src("s/t.c", "#include \"h.h\"\nint t = H;\n");
            args = new String[] {"-Iinc", "-c", "s/t.c", "-o", "t.o"};
            shadow = "s/h.h";
        }
        cc("gcc", args);
        cc("gcc", args);
        src(shadow, "#define H 2\n");
        String[] refArgs = args.clone();
        refArgs[refArgs.length - 1] = "ref.o";
        ref("gcc", refArgs);
        int before = calls("gcc");
        cc("gcc", args);
        assertThat(calls("gcc")).as("a miss").isEqualTo(before + 1);
        assertSameBytes("t.o", "ref.o");
    }

    /**
     * 46. stderr a terminal, no colour option: coloured diagnostics as the compiler gives a
     * terminal, on the miss and on a hit; the same entry replayed to a pipe has no escape codes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gcc", "clang"})
    void coloursForATerminalAndNoneForAPipe(String compiler) throws IOException {
        String name = "w-" + compiler;
        src(name + ".c", "int f(int x) { int unused; return x; }\n");
        Zccache.Result plain = ref(compiler, "-Wall", "-c", name + ".c", "-o", name + "-ref.o");
        assertThat(plain.err()).contains("unused").doesNotContain("\u001b");
        String[] args = {"-Wall", "-c", name + ".c", "-o", name + ".o"};
        String miss = onTerminal(compiler, args);
        assertThat(miss).contains("\u001b[");
        assertThat(withoutColours(miss)).isEqualTo(plain.err());
        int before = calls(compiler);
        Zccache.Result piped = cc(compiler, args);
        assertThat(piped.err()).isEqualTo(plain.err());
        String hit = onTerminal(compiler, args);
        assertThat(calls(compiler)).as("both hits").isEqualTo(before);
        assertThat(hit).isEqualTo(miss);
        assertSameBytes(name + ".o", name + "-ref.o");
    }

    /** zccache CC ARGS with stdout and stderr on a terminal (script(1)); what the terminal showed. */
    private String onTerminal(String compiler, String... args) throws IOException {
        Zccache.await("sources to age", Duration.ofSeconds(5), () -> System.currentTimeMillis() - lastWrite > 60);
        String command = Zccache.LAUNCHER + " " + spies.get(compiler).path + " " + String.join(" ", args);
        Zccache.Result r = Zccache.exec(work, zc.merged(Map.of()), List.of("script", "-qec", command, "/dev/null"));
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out().replace("\r\n", "\n");
    }

    private static String withoutColours(String text) {
        return text.replaceAll("\u001b\\[[0-9;]*[@-~]", "");
    }

    private static Path findBlobWith(byte[] content) throws IOException {
        try (var walk = Files.walk(zc.cacheDir.resolve("store/blobs"))) {
            List<Path> found = walk.filter(Files::isRegularFile).filter(p -> {
                try {
                    return java.util.Arrays.equals(Files.readAllBytes(p), content);
                } catch (IOException e) {
                    return false;
                }
            }).toList();
            assertThat(found).hasSize(1);
            return found.get(0);
        }
    }
}
