package dev.zccache.compiler.gcc;

/** What the argument model concluded: a compile zccache can cache, or the reason it cannot. */
public sealed interface GccAnalysis {

    record Cacheable(GccInvocation invocation) implements GccAnalysis {
    }

    /**
     * @param reason a short stable id (counted per reason in stats), e.g. "link", "preprocess-only"
     * @param detail what in the command line made it so, for humans
     */
    record Uncacheable(String reason, String detail) implements GccAnalysis {
    }
}
