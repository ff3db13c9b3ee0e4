/**
 * The GCC/Clang family: argument model (pure), dependency files, include search, the probes
 * asked of a driver. May import compiler, hash, outcome, runner, protocol.
 */
package dev.zccache.compiler.gcc;
