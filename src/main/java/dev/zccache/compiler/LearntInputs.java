package dev.zccache.compiler;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** What a miss learnt about its inputs from the tool itself, or why it could not. */
public sealed interface LearntInputs permits LearntInputs.Inputs, Refusal {

    /**
     * @param files every file the call read, as the tool named them (relative to the cwd or
     *     absolute), the main input first
     * @param shadows for a file after the first, the paths where a new file would be read
     *     instead of it (earlier directories of a search); those absent when the call ran are
     *     recorded, and one appearing later is a miss
     * @param contentRules checks of each file's content that make the call uncacheable
     * @param variables environment variables the tool itself said its output depends on (rustc's
     *     {@code # env-dep:} lines): each one's value in this call (or unset) is recorded with the
     *     closure, and a later call whose value differs does not match it
     */
    record Inputs(List<String> files, Shadows shadows, List<ContentRule> contentRules, List<String> variables)
            implements LearntInputs {

        /** Inputs that depend on no variable beyond those in the context key. */
        public Inputs(List<String> files, Shadows shadows, List<ContentRule> contentRules) {
            this(files, shadows, contentRules, List.of());
        }
    }

    /** Where a new file would take the place of a file the call read. */
    @FunctionalInterface
    interface Shadows {

        /** No search: nothing can take a file's place. */
        Shadows NONE = file -> List.of();

        /** @param file a file the call read, absolute and normalized */
        List<Path> of(Path file);
    }

    /**
     * A content check (e.g. time macros in C sources): the finding is remembered per content
     * digest and rule id, so each file is scanned once however many compiles read it.
     *
     * @param id stable name of the rule, part of the memo's key
     * @param refusal the reason a finding gives
     * @param find what in the bytes makes them uncacheable, or null
     */
    record ContentRule(String id, dev.zccache.outcome.Reason refusal, Function<byte[], String> find) {
    }
}
