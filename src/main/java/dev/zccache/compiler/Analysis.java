package dev.zccache.compiler;

/** What a family's argument model concluded: a call zccache can cache, or why it cannot. */
public sealed interface Analysis permits Analysis.Cacheable, Refusal {

    record Cacheable(Invocation invocation) implements Analysis {
    }
}
