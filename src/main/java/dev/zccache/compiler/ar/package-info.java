/**
 * The archiver family ({@code ar}, {@code gcc-ar}, {@code llvm-ar}): archives built from members,
 * in deterministic mode. May import compiler, hash, outcome.
 */
package dev.zccache.compiler.ar;
