/**
 * The rustc family (cargo's {@code RUSTC_WRAPPER}): argument model (pure), dep-info, the
 * toolchain facts a key needs. May import compiler, hash, outcome, runner, protocol.
 */
package dev.zccache.compiler.rust;
