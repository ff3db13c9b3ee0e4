package dev.zccache.compile;

import dev.zccache.cache.CacheLookup;
import dev.zccache.cache.ContextKeys;
import dev.zccache.compiler.CompilerIdentities;
import dev.zccache.compiler.ToolFamilies;
import dev.zccache.daemon.ZccacheProperties;
import dev.zccache.hash.FileStateCache;
import dev.zccache.journal.CompileJournal;
import dev.zccache.journal.LatestCompiles;
import dev.zccache.protocol.Reply;
import dev.zccache.protocol.ReplySink;
import dev.zccache.protocol.Request;
import dev.zccache.runner.CompilerRunner;
import dev.zccache.session.Sessions;
import dev.zccache.stats.CompileStats;
import dev.zccache.stats.RequestMeters;
import dev.zccache.store.LocalStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fresh daemon that nobody asks yet rehearses: it compiles a scratch source with the C
 * compiler on its PATH, then hits it, through the same classes a build's requests go through
 * (argument model, context key, lookup, proofs, delivery, reporting) but over a store, counters
 * and journal of its own under {@code <cache dir>/tmp/rehearsal}, deleted afterwards. The JIT
 * then has compiled the compile path before the first build needs it: interpreted, a fresh
 * daemon's hits cost several times a warm one's. It stops at the first real request (after the
 * step it is in), so a daemon started by a build's first compile rehearses nothing.
 */
@Component
final class CompileRehearsal {

    private static final Logger log = LoggerFactory.getLogger(CompileRehearsal.class);

    /** Hits of each call after its miss: about what the JIT's thresholds ask of the hit path. */
    static final int HITS = 40;

    private static final String SOURCE = """
            #include <stdio.h>
            #include <string.h>
            #include <stdlib.h>
            int main(int argc, char **argv) { printf("%zu\\n", strlen(argc > 1 ? argv[1] : "")); return EXIT_SUCCESS; }
            """;

    private final ZccacheProperties properties;
    private final JsonMapper json;
    private final CompileHandler daemonHandler;
    private final CompilerRunner runner;
    private final CompilerIdentities identities;
    private final ContextKeys contextKeys;
    private final CacheLookup lookup;
    private final ToolFamilies families;
    private final FileStateCache files;

    CompileRehearsal(ZccacheProperties properties, JsonMapper json, CompileHandler daemonHandler,
            CompilerRunner runner, CompilerIdentities identities, ContextKeys contextKeys, CacheLookup lookup,
            ToolFamilies families, FileStateCache files) {
        this.properties = properties;
        this.json = json;
        this.daemonHandler = daemonHandler;
        this.runner = runner;
        this.identities = identities;
        this.contextKeys = contextKeys;
        this.lookup = lookup;
        this.families = families;
        this.files = files;
    }

    /**
     * Rehearses until done or the daemon gets its first compile request (not at all when
     * zccache.rehearse is off or PATH has no C compiler); returns what it did.
     */
    Rehearsed rehearse() throws IOException {
        if (!properties.rehearse() || daemonHandler.begun()) {
            return Rehearsed.NOTHING;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        Optional<Path> cc = onPath(path, "cc", "gcc", "clang");
        if (cc.isEmpty()) {
            return Rehearsed.NOTHING;
        }
        return rehearse(calls(cc.get(), onPath(path, "ar")), properties.cacheDir().resolve("tmp").resolve("rehearsal"),
                daemonHandler::begun);
    }

    /** What a rehearsal did: compiles answered, and entries it checked the full way (no proof kept). */
    record Rehearsed(int compiles, long fullChecks) {
        static final Rehearsed NOTHING = new Rehearsed(0, 0);
    }

    /** A tool's call: the program as a launcher names it, and its argv. */
    record Call(Path program, List<String> argv) {
    }

    /**
     * The steps of a small build, the shapes build systems call: a plain compile, one with a
     * dependency file, an archive (with {@code ar}, when there is one) and a link.
     */
    static List<Call> calls(Path cc, Optional<Path> ar) {
        String c = cc.toString();
        List<Call> calls = new ArrayList<>(List.of(new Call(cc, List.of(c, "-O2", "-c", "r.c", "-o", "r.o")),
                new Call(cc, List.of(c, "-O2", "-MD", "-MF", "r.d", "-c", "r.c", "-o", "r.o"))));
        ar.ifPresent(a -> calls.add(new Call(a, List.of(a.toString(), "rc", "libr.a", "r.o"))));
        calls.add(new Call(cc, List.of(c, "-o", "r", "r.o")));
        return calls;
    }

    /**
     * Runs each call once (a miss) then {@link #HITS} times in {@code dir} (made, then deleted)
     * until {@code stop} says so; a call the cache does not take is left out. Every other hit
     * comes after the lookup forgot its proofs and parsed records: a fresh daemon's first build
     * checks each entry the full way and parses its records, and that path gets compiled too.
     */
    Rehearsed rehearse(List<Call> calls, Path dir, BooleanSupplier stop) throws IOException {
        LocalStore.wipe(dir);
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("r.c"), SOURCE, StandardCharsets.US_ASCII);
        LocalStore store = new LocalStore(dir, 64L << 20, json, Runnable::run, files);
        CompileStats stats = new CompileStats(dir.resolve("stats.json"), json);
        CompileJournal journal = new CompileJournal(dir.resolve("journal.jsonl"), 1L << 20, json);
        int done = 0;
        try {
            CacheLookup scratch = lookup.over(store);
            CompileHandler handler = new CompileHandler(runner,
                    new CachedCompile(identities, contextKeys, scratch, runner),
                    new OutcomeReporter(stats, new Sessions(Clock.systemUTC(), null, json), journal,
                            new LatestCompiles(journal), new RequestMeters(), families), families);
            Map<String, String> env = System.getenv();
            for (Call call : calls) {
                for (int i = 0; i <= HITS && !stop.getAsBoolean(); i++) {
                    if (i % 2 == 1) {
                        scratch.forgetEntries();
                    }
                    Reply reply = handler.handle(new Request.Compile("rehearsal", 0, 022, call.program().toString(),
                            src.toString(), call.argv(), env, true), ReplySink.DISCARD);
                    if (!(reply instanceof Reply.Exit exit) || exit.status() != 0) {
                        log.debug("rehearsal leaves out {}: answered {}", call.argv(), reply);
                        break;
                    }
                    done++;
                }
            }
            return new Rehearsed(done, scratch.fullChecks());
        } finally {
            journal.close();
            stats.close();
            LocalStore.wipe(dir);
        }
    }

    /**
     * The first of {@code names} found in the absolute directories of {@code path} whose file is
     * that tool itself, named as a launcher would name it (the path found, not the file it links to).
     */
    static Optional<Path> onPath(String path, String... names) {
        List<Path> dirs = new ArrayList<>();
        for (String d : path.split(":")) {
            if (d.startsWith("/")) { // a relative entry would name a file relative to the daemon's cwd
                dirs.add(Path.of(d));
            }
        }
        for (String name : names) {
            for (Path d : dirs) {
                Path p = d.resolve(name);
                if (Files.isRegularFile(p) && Files.isExecutable(p) && isTheTool(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** The real file's name, with an optional target prefix and version suffix (x86_64-linux-gnu-gcc-12). */
    private static final Pattern TOOL_FILE = Pattern.compile("([\\w.+]+-)*(cc|gcc|clang|ar)(-[0-9.]+)?");

    /**
     * Whether the file behind {@code p} is a compiler or archiver and not a wrapper of one: a
     * rehearsal must not run ccache, distcc or a masquerade link to zccache (their caches and
     * counters are not its own).
     */
    static boolean isTheTool(Path p) {
        try {
            return TOOL_FILE.matcher(p.toRealPath().getFileName().toString()).matches();
        } catch (IOException e) {
            return false;
        }
    }
}
