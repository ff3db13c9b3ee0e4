package dev.zccache.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathMapTest {

    private final PathMap map = PathMap.of(Path.of("/home/u/proj"));

    @Test
    void pathsUnderTheBaseAreRelativeToItAndOthersStay() {
        assertThat(map.relative("/home/u/proj/src/a.c")).isEqualTo("${BASE}/src/a.c");
        assertThat(map.relative("/home/u/proj")).isEqualTo("${BASE}");
        assertThat(map.relative("/home/u/project2/a.c")).isEqualTo("/home/u/project2/a.c");
        assertThat(map.relative("/usr/include/stdio.h")).isEqualTo("/usr/include/stdio.h");
        assertThat(map.relative("src/a.c")).isEqualTo("src/a.c");
    }

    @Test
    void argumentsNamingPathsAreRemappedButNotMacroValues() {
        assertThat(map.argument("/home/u/proj/src/a.c")).isEqualTo("${BASE}/src/a.c");
        assertThat(map.argument("-I/home/u/proj/include")).isEqualTo("-I${BASE}/include");
        assertThat(map.argument("-isystem/home/u/proj/third")).isEqualTo("-isystem${BASE}/third");
        assertThat(map.argument("--sysroot=/home/u/proj/sr")).isEqualTo("--sysroot=${BASE}/sr");
        assertThat(map.argument("-DDATA=\"/home/u/proj/data\"")).isEqualTo("-DDATA=\"/home/u/proj/data\"");
        assertThat(map.argument("-DDATA=/home/u/proj/data")).isEqualTo("-DDATA=/home/u/proj/data");
        assertThat(map.argument("-Wa,-I/home/u/proj/x")).isEqualTo("-Wa,-I/home/u/proj/x");
        assertThat(map.argument("-I/home/u/project2")).isEqualTo("-I/home/u/project2");
        assertThat(PathMap.NONE.argument("-I/home/u/proj/include")).isEqualTo("-I/home/u/proj/include");
    }

    @Test
    void textRemapsTheBaseWhereverAPathStartsWithIt() {
        assertThat(map.text("--out-dir=/home/u/proj/target")).isEqualTo("--out-dir=${BASE}/target");
        assertThat(map.text("dependency=/home/u/proj/target/deps")).isEqualTo("dependency=${BASE}/target/deps");
        assertThat(map.text("serde=/home/u/proj/t/libserde.rlib")).isEqualTo("serde=${BASE}/t/libserde.rlib");
        assertThat(map.text("/home/u/proj")).isEqualTo("${BASE}");
        assertThat(map.text("/home/u/proj:/home/u/proj/b")).isEqualTo("${BASE}:${BASE}/b");
        assertThat(map.text("/x/home/u/proj/a")).isEqualTo("/x/home/u/proj/a");
        assertThat(map.text("/home/u/project2/a")).isEqualTo("/home/u/project2/a");
        assertThat(map.text("/home/u/proj.old/a")).isEqualTo("/home/u/proj.old/a");
        assertThat(map.text("-O")).isEqualTo("-O");
        assertThat(PathMap.NONE.text("/home/u/proj/a")).isEqualTo("/home/u/proj/a");
    }

    @Test
    void recordedPathsResolveAgainstTheCallersBase() {
        PathMap other = PathMap.of(Path.of("/work/clone"));
        assertThat(other.resolve(Path.of("/work/clone/build"), "${BASE}/src/a.h")).isEqualTo(Path.of("/work/clone/src/a.h"));
        assertThat(other.resolve(Path.of("/work/clone/build"), "/usr/include/x.h")).isEqualTo(Path.of("/usr/include/x.h"));
        assertThat(other.resolve(Path.of("/work/clone/build"), "gen.h")).isEqualTo(Path.of("/work/clone/build/gen.h"));
    }

    @Test
    void aDependencyFileIsRebased() {
        byte[] d = "a.o: /home/u/proj/src/a.c /usr/include/stdio.h /home/u/proj/src/a.h\n"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(new String(PathMap.of(Path.of("/work/clone")).rebase(d, "/home/u/proj"), StandardCharsets.UTF_8))
                .isEqualTo("a.o: /work/clone/src/a.c /usr/include/stdio.h /work/clone/src/a.h\n");
        assertThat(map.rebase(d, "/home/u/proj")).isSameAs(d);
    }

    @Test
    void findsTheBaseInAnOutput() {
        assertThat(map.namedIn("xx/home/u/proj/lib\0".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(map.namedIn("xx/home/u/pro".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(map.namedIn("/home/u/proj".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(PathMap.NONE.namedIn("/home/u/proj".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void autoIsTheEnclosingGitWorktree(@TempDir Path dir) throws IOException {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.createDirectories(repo.resolve(".git"));
        Path build = Files.createDirectories(repo.resolve("out/build"));
        Path worktree = Files.createDirectories(dir.resolve("wt/sub"));
        Files.writeString(dir.resolve("wt/.git"), "gitdir: " + repo.resolve(".git/worktrees/wt") + "\n");
        assertThat(PathMap.forCall(Map.of("ZCCACHE_BASE_DIR", "auto"), build).base()).hasValue(repo);
        assertThat(PathMap.forCall(Map.of("ZCCACHE_BASE_DIR", "auto"), worktree).base()).hasValue(dir.resolve("wt"));
        assertThat(PathMap.forCall(Map.of("ZCCACHE_BASE_DIR", dir.toString()), build).base()).hasValue(dir);
        assertThat(PathMap.forCall(Map.of("ZCCACHE_BASE_DIR", "relative/dir"), build).active()).isFalse();
        assertThat(PathMap.forCall(Map.of(), build).active()).isFalse();
    }
}
