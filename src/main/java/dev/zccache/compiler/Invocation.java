package dev.zccache.compiler;

import java.util.List;
import java.util.Optional;

/** One cacheable call, as a family's argument model understood it. */
public interface Invocation {

    /** The main input as given: a miss that names it says "source changed" rather than "header changed". */
    String source();

    /** The main output as given (an object, an rlib…): what explain and the journal name the compile by. */
    String output();

    /** What kind of build step it is, for the stats: "compile", "link", "archive". */
    default String step() {
        return "compile";
    }

    /** Every file the call may write, in the order they are delivered (the ones make compares last). */
    List<Output> outputs();

    /**
     * Where the call may write files its model does not name (emcc's unmodelled settings): a
     * path prefix as given ({@code out/app.} for {@code -o out/app.js}). A miss that writes a
     * new or changed file whose path starts with it and is not one of {@link #outputs()} is not
     * stored: a hit would leave that file out. Empty: nothing to watch.
     */
    default Optional<String> unmodelledOutputs() {
        return Optional.empty();
    }

    /**
     * Whether the family runs a miss with coloured diagnostics (for a terminal) of its own accord:
     * then what it writes and what is stored is coloured, and the flow strips the colours for a
     * client whose stderr is not a terminal, on a miss as on a hit.
     */
    default boolean colouredDiagnostics() {
        return false;
    }

    /**
     * A stored {@link Output#rewritten() rewritten} output made for {@code storedOutput} (the
     * main output of the call that stored it), as this call would have written it; empty when it
     * cannot be rewritten (the entry is then treated as damaged).
     *
     * @param tool the tool this call runs (the same binary and version as the stored call's: both are keyed)
     */
    default Optional<byte[]> rewrite(Output output, byte[] stored, String storedOutput, CompilerIdentity tool) {
        return Optional.of(stored);
    }
}
