/**
 * The tool-family seam (ToolFamily, Invocation, Output, MissPlan, LearntInputs, Refusal), the
 * registry of families, tool identities and response files. Families live in sub-packages
 * (compiler.gcc) and are beans; nothing outside them names one. May import hash, outcome, runner
 * and protocol (families run tools on a miss).
 */
package dev.zccache.compiler;
