package dev.zccache.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A "compiler" that logs each compile it is asked for, then execs the real one: it tells a hit
 * (not called) from a miss (called) without trusting zccache's own counters. The daemon's
 * queries (--version, -E -v, -###) and the -M scan of -MMD compiles are not logged.
 */
final class CompilerSpy {

    final Path path;
    final Path log;

    private CompilerSpy(Path path, Path log) {
        this.path = path;
        this.log = log;
    }

    /** A spy named {@code name} (gcc, g++, clang...) in {@code dir}, exec'ing {@code real}. */
    static CompilerSpy create(Path dir, String name, String real) throws IOException {
        Path log = dir.resolve(name + ".log");
        Path path = Zccache.script(dir.resolve(name), "case \" $* \" in *\" -c \"*)\n"
                + "  case \" $* \" in *\" -M \"*) ;; *) echo \"$*\" >> '" + log + "' ;; esac ;;\nesac\n"
                + "exec " + real + " \"$@\"");
        return new CompilerSpy(path, log);
    }

    /** How many compiles reached the real compiler so far. */
    int calls() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    List<String> lines() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }
}
