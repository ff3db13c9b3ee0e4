package dev.zccache.compiler;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** What a miss learnt about its inputs from the tool itself, or why it could not. */
public sealed interface LearntInputs permits LearntInputs.Inputs, Refusal {

    /**
     * @param files every file the call read, as the tool named them (relative to the cwd or
     *     absolute), the main input first
     * @param searchChain directories searched in order for the files after the first: a file
     *     that later appears in an earlier one shadows the recorded file (empty: no search)
     * @param contentRule a check of each file's content that makes the call uncacheable
     */
    record Inputs(List<String> files, List<Path> searchChain, Optional<ContentRule> contentRule)
            implements LearntInputs {
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
