package dev.zccache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links through the GCC driver, the real launcher and daemon, and the real ld: byte-identical to
 * the bare link, hits that run, and misses for every input the linker read (objects, archives,
 * libraries found through -L, linker scripts, a new library that would now be found first). A
 * spy gcc tells a link that ran from a hit.
 */
class LinkIT {

    @TempDir
    static Path root;
    static Zccache zc;
    static Path spy;
    static Path spyLog;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws IOException {
        zc = new Zccache(root.resolve("cache"));
        zc.start();
        spyLog = root.resolve("links.log");
        spy = Zccache.script(root.resolve("bin/gcc"), "case \" $* \" in *\" -c \"*|*\" -print\"*|*\" -E \"*|*\" -###\"*|\" --version \") ;;\n"
                + "  *) echo \"$*\" >> '" + spyLog + "' ;; esac\nexec /usr/bin/gcc \"$@\"");
    }

    @AfterAll
    static void stop() {
        zc.close();
    }

    @BeforeEach
    void sources() throws IOException {
        write("main.c", "int f(void);\nint main(void) { return f() == 7 ? 0 : 1; }\n");
        write("f.c", "int f(void) { return 7; }\n");
        gcc("-c", "main.c", "-o", "main.o");
        gcc("-c", "-fPIC", "f.c", "-o", "f.o");
        Files.createDirectories(work.resolve("first"));
        Files.createDirectories(work.resolve("second"));
        bare("ar", "rcs", "second/libf.a", "f.o");
        Zccache.pastFileClockTick();
    }

    private void write(String name, String text) throws IOException {
        Zccache.write(work.resolve(name), text);
    }

    private void gcc(String... args) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/gcc"));
        cmd.addAll(List.of(args));
        Zccache.Result r = Zccache.exec(work, zc.env, cmd);
        assertThat(r.exit()).as(r.err()).isZero();
    }

    private void bare(String... cmd) {
        Zccache.Result r = Zccache.exec(work, zc.env, List.of(cmd));
        assertThat(r.exit()).as(r.err()).isZero();
    }

    private int links() throws IOException {
        return Files.exists(spyLog) ? Files.readAllLines(spyLog).size() : 0;
    }

    private Zccache.Result link(String... args) {
        List<String> cmd = new ArrayList<>(List.of(spy.toString()));
        cmd.addAll(List.of(args));
        return zc.run(work, Map.of(), cmd.toArray(String[]::new));
    }

    /** The bare link's output (then deleted), to compare with. */
    private byte[] reference(String output, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/gcc"));
        cmd.addAll(List.of(args));
        bare(cmd.toArray(String[]::new));
        byte[] bytes = Files.readAllBytes(work.resolve(output));
        Files.delete(work.resolve(output));
        return bytes;
    }

    private void linksTo(byte[] expected, String output, String... args) throws IOException {
        Zccache.Result r = link(args);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(work.resolve(output)).hasBinaryContent(expected);
        assertThat(Files.isExecutable(work.resolve(output))).isTrue();
    }

    @Test
    void aProgramRelinkedFromTheSameInputsIsAHitThatRuns() throws Exception {
        String[] args = {"main.o", "-Lsecond", "-lf", "-o", "prog"};
        byte[] bare = reference("prog", args);
        linksTo(bare, "prog", args);
        int ran = links();
        Files.delete(work.resolve("prog"));
        linksTo(bare, "prog", args);
        assertThat(links()).as("a hit: the linker did not run").isEqualTo(ran);
        assertThat(Zccache.exec(work, zc.env, List.of(work.resolve("prog").toString())).exit()).isZero();
        assertThat(zc.run(work, "stats", "--json").out()).containsPattern("\"link\":\\{\"hits\":[1-9]");
    }

    @Test
    void aLinkMapComesBackWithTheProgramOnAHit() throws Exception {
        String[] args = {"main.o", "f.o", "-Wl,-Map=prog.map", "-o", "prog"};
        byte[] bare = reference("prog", args);
        byte[] bareMap = Files.readAllBytes(work.resolve("prog.map"));
        Files.delete(work.resolve("prog.map"));
        linksTo(bare, "prog", args);
        int ran = links();
        Files.delete(work.resolve("prog"));
        Files.delete(work.resolve("prog.map"));
        linksTo(bare, "prog", args);
        assertThat(links()).as("a hit").isEqualTo(ran);
        assertThat(work.resolve("prog.map")).hasBinaryContent(bareMap);
    }

    @Test
    void aSharedObjectWithAVersionScriptMissesWhenTheScriptChanges() throws Exception {
        write("v.map", "V1 { global: f; local: *; };\n");
        Zccache.pastFileClockTick();
        String[] args = {"-shared", "f.o", "-Wl,--version-script=v.map", "-o", "libv.so"};
        byte[] bare = reference("libv.so", args);
        linksTo(bare, "libv.so", args);
        int ran = links();
        write("v.map", "V2 { global: f; local: *; };\n");
        Zccache.pastFileClockTick();
        byte[] changed = reference("libv.so", args);
        linksTo(changed, "libv.so", args);
        assertThat(links()).as("the script changed").isEqualTo(ran + 1);
        assertThat(zc.run(work, "explain", "libv.so").out()).contains("changed: " + work.resolve("v.map"));
    }

    @Test
    void aChangedObjectOrLibraryOrANewLibraryFoundFirstMisses() throws Exception {
        String[] args = {"main.o", "-Lfirst", "-Lsecond", "-lf", "-o", "prog"};
        linksTo(reference("prog", args), "prog", args);
        int ran = links();
        // the library changes
        write("f.c", "int f(void) { return 7 + 0 * 1; }\nint g(void) { return 1; }\n");
        gcc("-c", "-fPIC", "f.c", "-o", "f.o");
        Files.delete(work.resolve("second/libf.a"));
        bare("ar", "rcs", "second/libf.a", "f.o");
        Zccache.pastFileClockTick();
        linksTo(reference("prog", args), "prog", args);
        assertThat(links()).isEqualTo(ran + 1);
        // a library appears in an earlier -L directory: the linker would take it
        write("g.c", "int f(void) { return 7; }\n");
        gcc("-c", "-fPIC", "g.c", "-o", "g.o");
        bare("ar", "rcs", "first/libf.a", "g.o");
        Zccache.pastFileClockTick();
        linksTo(reference("prog", args), "prog", args);
        assertThat(links()).isEqualTo(ran + 2);
        assertThat(zc.run(work, "explain", "prog").out()).contains(work.resolve("first/libf").toString());
        // an object changes
        write("main.c", "int f(void);\nint main(void) { return f() == 7 ? 0 : 2; }\n");
        gcc("-c", "main.c", "-o", "main.o");
        Zccache.pastFileClockTick();
        linksTo(reference("prog", args), "prog", args);
        assertThat(links()).isEqualTo(ran + 3);
        assertThat(Zccache.exec(work, zc.env, List.of(work.resolve("prog").toString())).exit()).isZero();
    }

    @Test
    void linksThatCompileOrWriteMoreOrDependOnMoreRunAsTheyAreWithTheReason() throws Exception {
        int ran = links();
        for (String[] args : List.of(new String[] {"main.c", "f.o", "-o", "p1"},
                new String[] {"main.o", "f.o", "-Wl,--cref", "-o", "p2"},
                new String[] {"main.o", "f.o", "-flto", "-o", "p3"},
                new String[] {"main.o", "f.o", "-Wl,--build-id=uuid", "-o", "p4"})) {
            Zccache.Result r = link(args);
            assertThat(r.exit()).as(r.err()).isZero();
        }
        assertThat(links()).isEqualTo(ran + 4);
        assertThat(zc.run(work, "explain", "p2").out()).contains("not cacheable (link)").contains("--cref");
    }
}
