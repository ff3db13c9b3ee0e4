package dev.zccache.outcome;

import static dev.zccache.outcome.CompileOutcome.Kind.ERROR;
import static dev.zccache.outcome.CompileOutcome.Kind.MISS;
import static dev.zccache.outcome.CompileOutcome.Kind.UNCACHEABLE;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every reason a compile was not served from the cache, in one catalogue: its stable id (in
 * stats, the journal, explain and the launcher's note), the kind of outcome it belongs to, and a
 * line of help. HELP.md's reason table is checked against this enum by a test.
 */
public enum Reason {

    // ---- before anything runs: the launcher runs the compiler itself ----
    UNKNOWN_COMPILER(UNCACHEABLE, "not a compiler zccache knows"),
    NOT_UTF8(UNCACHEABLE, "arguments or environment not representable in UTF-8 here"),
    STDIN_INPUT(UNCACHEABLE, "the source is read from standard input (`-`)"),
    CWD_UNREACHABLE(UNCACHEABLE, "the working directory cannot be reached by the daemon"),
    DEPENDENCIES_OUTPUT_ENV(UNCACHEABLE, "`DEPENDENCIES_OUTPUT` or `SUNPRO_DEPENDENCIES` is set"),
    RESPONSE_FILE(UNCACHEABLE, "an `@file` could not be read"),
    MISSING_ARGUMENT(UNCACHEABLE, "an option without its value"),
    UNSUPPORTED_OPTION(UNCACHEABLE, "an option with outputs or inputs zccache does not model"
            + " (`-save-temps`, `-fdump-*`, `-frecord-gcc-switches`, `-Xclang`…)"),
    UNKNOWN_LANGUAGE(UNCACHEABLE, "`-x` names a language zccache does not know"),
    INFORMATIONAL(UNCACHEABLE, "asks the compiler something (`--version`, `-print-*`…)"),
    PREPROCESS_ONLY(UNCACHEABLE, "`-E`"),
    ASSEMBLY_OUTPUT(UNCACHEABLE, "`-S`"),
    SYNTAX_ONLY(UNCACHEABLE, "`-fsyntax-only`"),
    DEPENDENCY_ONLY(UNCACHEABLE, "`-M` or `-MM`: no object is written"),
    LINK(UNCACHEABLE, "a link (no `-c`)"),
    MULTIPLE_OUTPUTS(UNCACHEABLE, "`-o` given more than once"),
    NO_INPUT(UNCACHEABLE, "no source file"),
    MULTIPLE_INPUTS(UNCACHEABLE, "several sources in one call"),
    NON_SOURCE_INPUT(UNCACHEABLE, "the input is not a source (an object, a library…)"),
    PRECOMPILED_HEADER(UNCACHEABLE, "a header compiled to a precompiled header"),
    OUTPUT_NOT_A_FILE(UNCACHEABLE, "an output is not a regular file (`-o /dev/null`)"),
    COMPILER_UNIDENTIFIED(UNCACHEABLE, "the compiler is gone or does not answer `--version`"),
    NATIVE_CPU_UNKNOWN(UNCACHEABLE, "the compiler cannot say what `-march=native` means here"),
    OPTION_INPUT_MISSING(UNCACHEABLE, "a file named by an option (`-include`, `--extern`…) is missing"),
    INCREMENTAL(UNCACHEABLE, "rustc's `-C incremental`: its incremental state is not modelled"
            + " (cargo's dev profile for workspace members; `CARGO_INCREMENTAL=0` turns it off)"),
    CRATE_TYPE_NOT_CACHED(UNCACHEABLE, "a rustc `dylib` or `cdylib` (a link whose inputs are not modelled)"),
    TEST_HARNESS(UNCACHEABLE, "rustc `--test`: a test harness binary"),
    NOT_AN_ARCHIVE_BUILD(UNCACHEABLE, "an ar operation other than `r` or `q` (list, extract, delete…):"
            + " it builds no archive from members"),
    NONDETERMINISTIC_ARCHIVE(UNCACHEABLE, "ar with `U`, or an ar whose default is not `D`: the archive would"
            + " hold timestamps and owners"),
    RUSTUP_PROXY(UNCACHEABLE, "the rustc is rustup's proxy, whose toolchain depends on the caller"
            + " (cargo gives the real one)"),

    // ---- run, but not stored ----
    COMPILE_FAILED(UNCACHEABLE, "the compiler failed (non-zero exit); failures are not cached"),
    OUTPUT_TOO_LARGE(UNCACHEABLE, "stdout or stderr larger than what is cached"),
    NO_OBJECT(UNCACHEABLE, "the compiler wrote no object, or an empty one"),
    UNMODELLED_OUTPUT(UNCACHEABLE, "the tool wrote a file beside its output that zccache does not model: run, not stored"),
    BASE_IN_OUTPUT(UNCACHEABLE, "with `ZCCACHE_BASE_DIR`, an output still names the base directory"
            + " (another checkout must not get it): run, not stored"),
    DEPENDENCY_SCAN_FAILED(UNCACHEABLE, "the preprocessor could not list the headers (`-M`)"),
    NO_DEPENDENCIES(UNCACHEABLE, "the compiler reported no input files"),
    INPUT_MISSING(UNCACHEABLE, "an input file was gone after the compile"),
    INPUT_CHANGED_DURING_COMPILE(UNCACHEABLE, "an input changed while the compiler ran (or just before)"),
    ASSEMBLER_FILE_INPUT(UNCACHEABLE, "`.incbin` in the source or a header (or `.include` in an assembler source):"
            + " the assembler reads a file no dependency list names"),
    TIME_MACROS(UNCACHEABLE, "`__DATE__`, `__TIME__` or `__TIMESTAMP__` in the closure,"
            + " without `SOURCE_DATE_EPOCH`"),

    // ---- misses: what changed since the entry the compile would have matched (explain says these) ----
    NEW(MISS, "first compile of this output that zccache knows of (new file, cleared cache or journal)"),
    SOURCE_CHANGED(MISS, "the source's content changed since the entry "
            + "it would have matched (the path is named)"),
    HEADER_CHANGED(MISS, "a header's content changed since the entry it would have matched (named)"),
    HEADER_MISSING(MISS, "a header of the entry it would have matched is gone"),
    HEADER_SHADOWED(MISS, "a new header now takes the place of one "
            + "the entry recorded (an earlier include directory got one)"),
    ARGUMENTS_CHANGED(MISS, "the arguments differ from the previous compile of this output (each one named)"),
    ENVIRONMENT_CHANGED(MISS, "an environment variable that reaches the compiler was set, "
            + "unset or changed (named, with old and new value)"),
    COMPILER_CHANGED(MISS, "the compiler changed: its path, executable "
            + "content (an upgrade in place) or version"),
    CWD_CHANGED(MISS, "it was compiled in another working directory"),
    PATH_DEPENDENT(MISS, "the same output, relative to the working directory, was compiled in another"
            + " one (another checkout): entries are keyed by the working directory, which outputs name"),
    OPTION_INPUT_CHANGED(MISS, "a file named by an option changed (`-include`, `-fprofile-use=`, rustc's `-l`…)"),
    EXTERN_CHANGED(MISS, "a crate given by `--extern` changed (named)"),
    ENV_DEP_CHANGED(MISS, "an environment variable the compiler read (rustc's `env!`, `option_env!`)"
            + " was set, unset or changed (named)"),
    NATIVE_CPU_CHANGED(MISS, "what `-march=native` means on this machine changed"),
    OUTPUT_PATH_CHANGED(MISS, "the output path changed, and it is part "
            + "of the key for this compile (`--coverage`, `-gsplit-dwarf`)"),
    CACHE_FORMAT_CHANGED(MISS, "zccache was upgraded to a new key format"),
    CONTEXT_CHANGED(MISS, "the compiler, arguments or environment differ from "
            + "the previous compile, whose entry is gone"),
    ENTRY_EVICTED(MISS, "the matching entry was evicted (size budget), trimmed or cleared"),
    ENTRY_DAMAGED(MISS, "the matching entry was damaged or incomplete, so it was compiled again"),

    // ---- the cache failed; the compile ran without it ----
    LOOKUP_FAILED(ERROR, "looking the compile up failed (an I/O error of the cache)"),
    CACHE_FAILED(ERROR, "the cached compile failed; compiled without the cache"),
    STORE_FAILED(ERROR, "the compile succeeded but storing its result failed"),
    SCRATCH_FAILED(ERROR, "the compiler could not write zccache's scratch file in the cache dir (a full disk):"
            + " run again as given");

    private static final Map<String, Reason> BY_ID = new HashMap<>();

    static {
        for (Reason r : values()) {
            BY_ID.put(r.id, r);
        }
    }

    private final String id;
    private final CompileOutcome.Kind kind;
    private final String help;

    Reason(CompileOutcome.Kind kind, String help) {
        this.id = name().toLowerCase(Locale.ROOT).replace('_', '-');
        this.kind = kind;
        this.help = help;
    }

    /** The stable id: {@code header-changed}, {@code link}… */
    public String id() {
        return id;
    }

    /** The outcome it belongs to: miss, uncacheable or error (a hit has no reason). */
    public CompileOutcome.Kind kind() {
        return kind;
    }

    /** One line for people (Markdown), as in HELP.md's table. */
    public String help() {
        return help;
    }

    /** The same line for a terminal: without Markdown's backticks. */
    public String plainHelp() {
        return help.replace("`", "");
    }

    public static Optional<Reason> byId(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }
}
