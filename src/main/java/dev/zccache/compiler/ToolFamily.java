package dev.zccache.compiler;

import dev.zccache.hash.KeyHasher;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A family of tools zccache caches (GCC/Clang; later rustc, emcc, ar, ld): everything the
 * daemon's cache flow needs to know of it, and nothing else. A family is a Spring bean; the
 * flow ({@code compile}, {@code cache}) names none. docs/ARCHITECTURE.md says how to add one.
 */
public interface ToolFamily {

    /**
     * Whether this invocation's paths under the call's base directory ({@link PathMap}) are keyed
     * relative to it; a family that says yes keeps the base out of the outputs itself.
     */
    default boolean remapsPaths(Invocation invocation) {
        return false;
    }

    /** Short stable name ("gcc"), for logs and docs. */
    String name();

    /**
     * The driver names it answers for ({@code gcc}, {@code clang++}…). A tool's file name is
     * matched after an optional target prefix ({@code x86_64-linux-gnu-}) and version suffix
     * ({@code -12}) are taken off.
     */
    Set<String> drivers();

    /** Arguments whose output identifies the tool's version ({@code --version}); answered once per binary. */
    List<String> identityArguments();

    /** Environment variables that change what the family's tools produce: keyed, and kept in the journal. */
    List<String> keyedVariables();

    /**
     * The answer to a question a build system asks the tool on every run (cargo's
     * {@code rustc -vV}), from what the family asked that tool before: its stdout, for an exit
     * status of 0 and nothing on stderr. Empty: the call goes on as any other.
     */
    default Optional<byte[]> probeAnswer(ToolCall call) throws IOException {
        return Optional.empty();
    }

    /**
     * A call that makes several independent compiles ({@code cc -c a.c b.c}, which the argument
     * model refuses as {@code multiple-inputs}): one call per compile, in the order the tool makes
     * them, each as the tool would run it alone. Empty when the call cannot be split.
     */
    default List<ToolCall> split(ToolCall call) {
        return List.of();
    }

    /** The argument model: a cacheable invocation, or why the call cannot be cached. Reads no more than response files. */
    Analysis analyze(ToolCall call);

    /**
     * The main output a call names even when it cannot be cached (a link's -o): explain and the
     * journal find the call by it. Empty when it names none.
     */
    Optional<String> namedOutput(ToolCall call);

    /**
     * Writes the family's part of the context key (after the common part: format, tool
     * identity, cwd): arguments, variables, files named by options, what {@code native} means.
     * Field names are read back by explain (docs/ARCHITECTURE.md lists them).
     *
     * @return empty, or why no key can be made
     */
    Optional<Refusal> describeContext(ToolCall call, Invocation invocation, CompilerIdentity tool,
            KeyHasher key) throws IOException;

    /** Version of the family's key layout: bump it when describeContext changes, so old entries stop matching. */
    String keyFormat();

    /** How a miss of this invocation runs and learns its inputs. */
    MissPlan planMiss(ToolCall call, Invocation invocation, CompilerIdentity tool, Scratch scratch);
}
