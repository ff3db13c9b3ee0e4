/**
 * What became of a compile: {@link dev.zccache.outcome.CompileOutcome} and the catalogue of
 * {@link dev.zccache.outcome.Reason}s. A leaf: imports nothing of zccache's.
 */
package dev.zccache.outcome;
