package dev.zccache.it;

import static dev.zccache.it.Zccache.script;
import static dev.zccache.it.Zccache.write;
import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fresh daemon rehearses a small build before its first compile, and keeps nothing of it. */
class RehearsalIT {

    /** Four calls (two compiles, an archive, a link), each a miss and then 40 hits. */
    private static final int WHOLE_REHEARSAL = 4 * 41;
    private static final Pattern REHEARSED = Pattern.compile("rehearsed (\\d+) compiles \\((\\d+) entries checked in full\\)");
    /** Every other hit of each call comes after its lookup forgot its proofs and parsed records. */
    private static final int FULL_CHECKS = 4 * 20;

    @TempDir
    Path work;
    Zccache zc;

    @BeforeEach
    void setUp() throws IOException {
        zc = new Zccache(work.resolve("cache"));
        zc.env.put("ZCCACHE_REHEARSE", "true");
        write(work.resolve("t.c"), "int answer(void) { return 42; }\n");
        zc.bare(work, "gcc", "-c", "t.c", "-o", "ref.o");
    }

    @AfterEach
    void tearDown() {
        zc.close();
    }

    /** The compiles the daemon's log says it rehearsed, once it says so. */
    private int rehearsed() {
        return rehearsal()[0];
    }

    /** The compiles the daemon's log says it rehearsed and the entries it checked in full, once it says so. */
    private int[] rehearsal() {
        Path log = zc.cacheDir.resolve("logs/daemon.log");
        int[] count = {-1, -1};
        Zccache.await("the rehearsal's end in the daemon's log", Duration.ofSeconds(60), () -> {
            try {
                Matcher m = REHEARSED.matcher(Files.exists(log) ? Files.readString(log) : "");
                if (m.find()) {
                    count[0] = Integer.parseInt(m.group(1));
                    count[1] = Integer.parseInt(m.group(2));
                }
            } catch (IOException e) {
                return false;
            }
            return count[0] >= 0;
        });
        return count;
    }

    private void assertCompiles(String object) throws IOException {
        Zccache.Result r = zc.run(work, "gcc", "-c", "t.c", "-o", object);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(work.resolve(object))).isEqualTo(Files.readAllBytes(work.resolve("ref.o")));
    }

    @Test
    void aFreshDaemonRehearsesASmallBuildAndKeepsNothingOfIt() throws IOException {
        zc.start();

        assertThat(rehearsal()).containsExactly(WHOLE_REHEARSAL, FULL_CHECKS);
        JsonNode stats = zc.stats();
        assertThat(stats.get("hits").asLong()).isZero();
        assertThat(stats.get("misses").asLong()).isZero();
        assertThat(stats.get("uncacheable").asLong()).isZero();
        assertThat(stats.get("entries").asLong()).isZero();
        assertThat(zc.cacheDir.resolve("logs/compile_journal.jsonl")).doesNotExist();
        assertThat(zc.cacheDir.resolve("tmp/rehearsal")).doesNotExist();

        assertCompiles("a.o");
        assertCompiles("b.o");
        stats = zc.stats();
        assertThat(stats.get("misses").asLong()).isEqualTo(1);
        assertThat(stats.get("hits").asLong()).isEqualTo(1);
    }

    @Test
    void aWrapperOnPathIsNeverRunForIt() throws IOException {
        Path log = work.resolve("wrapper.log");
        Path wrapper = script(work.resolve("lib/ccache"), "echo \"$*\" >> " + log + "\nexec /usr/bin/gcc \"$@\"");
        Path bin = Files.createDirectories(work.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("cc"), wrapper);
        zc.env.put("PATH", bin + ":" + System.getenv("PATH"));

        zc.start();

        assertThat(rehearsed()).isEqualTo(WHOLE_REHEARSAL);
        assertThat(log).doesNotExist();
    }

    @Test
    void theFirstCompileRequestEndsTheRehearsal() throws IOException {
        Path rehearsing = work.resolve("rehearsing");
        Path bin = Files.createDirectories(work.resolve("bin"));
        script(bin.resolve("cc"), "case \" $* \" in *\" -c \"*) touch " + rehearsing + "; sleep 2;; esac\n"
                + "exec /usr/bin/gcc \"$@\"");
        zc.env.put("PATH", bin + ":" + System.getenv("PATH"));

        zc.start();
        Zccache.await("the rehearsal's first compile", Duration.ofSeconds(60), () -> Files.exists(rehearsing));
        assertCompiles("a.o");

        // the compile it was running when the request came is the last it rehearsed
        assertThat(rehearsed()).isEqualTo(1);
        assertThat(zc.stats().get("misses").asLong()).isEqualTo(1);
        assertThat(zc.stats().get("entries").asLong()).isEqualTo(1);
    }
}
