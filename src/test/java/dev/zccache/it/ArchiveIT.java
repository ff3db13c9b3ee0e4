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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archive steps through the real launcher, daemon and GNU ar: byte-identical to ar's own
 * archives, hits when the members and the archive's previous state are the same, misses when
 * they are not, and refusals (with reasons) for what is not an archive build or not deterministic.
 * A spy ar tells whether the real one ran.
 */
class ArchiveIT {

    @TempDir
    static Path root;
    static Zccache zc;
    static Path spy;
    static Path spyLog;
    static Path ranlib;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws IOException {
        zc = new Zccache(root.resolve("cache"));
        zc.start();
        spyLog = root.resolve("ar.log");
        spy = Zccache.script(root.resolve("bin/ar"), "case \"$1\" in --version|--help) ;; *) echo \"$*\" >> '"
                + spyLog + "' ;; esac\nexec /usr/bin/ar \"$@\"");
        ranlib = Zccache.script(root.resolve("bin/ranlib"), "case \"$1\" in --version|--help) ;; *) echo \"ranlib $*\" >> '"
                + spyLog + "' ;; esac\nexec /usr/bin/ranlib \"$@\"");
    }

    @AfterAll
    static void stop() {
        zc.close();
    }

    private int runs() throws IOException {
        return Files.exists(spyLog) ? Files.readAllLines(spyLog).size() : 0;
    }

    private void objects(String... sources) throws IOException {
        for (String s : sources) {
            Zccache.write(work.resolve(s + ".c"), "int " + s + "(void) { return " + s.length() + "; }\n");
            Zccache.Result r = Zccache.exec(work, zc.env, List.of("gcc", "-c", s + ".c", "-o", s + ".o"));
            assertThat(r.exit()).as(r.err()).isZero();
        }
        Zccache.pastFileClockTick();
    }

    private Zccache.Result ar(String... args) {
        List<String> cmd = new ArrayList<>(List.of(spy.toString()));
        cmd.addAll(List.of(args));
        return zc.run(work, Map.of(), cmd.toArray(String[]::new));
    }

    private byte[] bareArchive(String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/ar"));
        cmd.addAll(List.of(args));
        Files.deleteIfExists(work.resolve(name));
        Zccache.Result r = Zccache.exec(work, zc.env, cmd);
        assertThat(r.exit()).as(r.err()).isZero();
        byte[] bytes = Files.readAllBytes(work.resolve(name));
        Files.delete(work.resolve(name));
        return bytes;
    }

    @Test
    void anArchiveRebuiltFromTheSameMembersIsAHitEqualToArsOwn() throws Exception {
        objects("a", "bb", "ccc");
        byte[] bare = bareArchive("lib.a", "rcs", "lib.a", "a.o", "bb.o", "ccc.o");
        Zccache.Result miss = ar("rcs", "lib.a", "a.o", "bb.o", "ccc.o");
        assertThat(miss.exit()).as(miss.err()).isZero();
        assertThat(runs()).isEqualTo(1);
        assertThat(work.resolve("lib.a")).hasBinaryContent(bare);
        Files.delete(work.resolve("lib.a"));
        Zccache.Result hit = ar("rcs", "lib.a", "a.o", "bb.o", "ccc.o");
        assertThat(hit.exit()).isZero();
        assertThat(runs()).as("a hit: ar did not run").isEqualTo(1);
        assertThat(work.resolve("lib.a")).hasBinaryContent(bare);
        // the archive links: a member's symbol is found through it
        Zccache.write(work.resolve("main.c"), "int bb(void);\nint main(void) { return bb() == 2 ? 0 : 1; }\n");
        Zccache.Result link = Zccache.exec(work, zc.env, List.of("gcc", "main.c", "lib.a", "-o", "main"));
        assertThat(link.exit()).as(link.err()).isZero();
        assertThat(Zccache.exec(work, zc.env, List.of(work.resolve("main").toString())).exit()).isZero();
    }

    @Test
    void aChangedMemberOrAnArchiveAlreadyThereMisses() throws Exception {
        objects("a", "b");
        ar("rcs", "lib.a", "a.o", "b.o");
        int before = runs();
        // r updates an existing archive: its earlier members stay, so its state is part of the key
        objects("c");
        byte[] bareUpdate;
        Files.copy(work.resolve("lib.a"), work.resolve("copy.a"));
        Zccache.Result r = Zccache.exec(work, zc.env, List.of("/usr/bin/ar", "rcs", "copy.a", "c.o"));
        assertThat(r.exit()).isZero();
        bareUpdate = Files.readAllBytes(work.resolve("copy.a"));
        ar("rcs", "lib.a", "c.o");
        assertThat(runs()).isEqualTo(before + 1);
        assertThat(work.resolve("lib.a")).hasBinaryContent(bareUpdate);
        Files.delete(work.resolve("lib.a"));
        Zccache.write(work.resolve("b.c"), "int b(void) { return 42; }\n");
        assertThat(Zccache.exec(work, zc.env, List.of("gcc", "-c", "b.c", "-o", "b.o")).exit()).isZero();
        Zccache.pastFileClockTick();
        byte[] bare = bareArchive("lib.a", "rcs", "lib.a", "a.o", "b.o");
        ar("rcs", "lib.a", "a.o", "b.o");
        assertThat(runs()).as("a member changed").isEqualTo(before + 2);
        assertThat(work.resolve("lib.a")).hasBinaryContent(bare);
        assertThat(zc.run(work, "explain", "lib.a").out()).contains("changed: " + work.resolve("b.o"));
    }

    @Test
    void cmakesQcThenRanlibAreBothHitsTheSecondTime() throws Exception {
        objects("a", "bb");
        byte[] bare;
        {
            Zccache.Result r = Zccache.exec(work, zc.env, List.of("/usr/bin/ar", "qc", "ref.a", "a.o", "bb.o"));
            assertThat(r.exit()).isZero();
            assertThat(Zccache.exec(work, zc.env, List.of("/usr/bin/ranlib", "ref.a")).exit()).isZero();
            bare = Files.readAllBytes(work.resolve("ref.a"));
        }
        int before = runs();
        for (int round = 0; round < 2; round++) {
            Files.deleteIfExists(work.resolve("lib.a"));
            assertThat(ar("qc", "lib.a", "a.o", "bb.o").exit()).isZero();
            Zccache.Result r = zc.run(work, Map.of(), ranlib.toString(), "lib.a");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(work.resolve("lib.a")).hasBinaryContent(bare);
        }
        assertThat(runs()).as("ar and ranlib ran once each").isEqualTo(before + 2);
        assertThat(zc.run(work, Map.of(), ranlib.toString(), "-t", "lib.a").exit()).isZero();
        assertThat(runs()).as("-t runs as it is").isEqualTo(before + 3);
    }

    @Test
    void whatIsNotADeterministicArchiveBuildRunsAsItIsWithAReason() throws Exception {
        objects("a");
        ar("rcs", "lib.a", "a.o");
        int before = runs();
        Zccache.Result list = ar("t", "lib.a");
        assertThat(list.out()).isEqualTo("a.o\n");
        Zccache.Result nondeterministic = ar("rcU", "lib2.a", "a.o");
        assertThat(nondeterministic.exit()).isZero();
        Zccache.Result update = ar("rcsu", "lib.a", "a.o");
        assertThat(update.exit()).isZero();
        assertThat(runs()).isEqualTo(before + 3);
        String stats = zc.run(work, "stats").out();
        assertThat(stats).contains("not-an-archive-build", "nondeterministic-archive", "unsupported-option");
    }
}
