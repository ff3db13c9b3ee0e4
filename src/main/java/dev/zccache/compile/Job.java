package dev.zccache.compile;

import dev.zccache.compiler.Invocation;
import dev.zccache.compiler.ToolCall;
import dev.zccache.compiler.ToolFamily;

/**
 * One cacheable call as the daemon handles it.
 *
 * @param umask the caller's: outputs get the permissions the caller's own compiler run would give
 * @param stderrTerminal the caller's stderr is a terminal (colours stay in its diagnostics)
 */
record Job(ToolFamily family, ToolCall call, int umask, Invocation invocation, boolean stderrTerminal) {
}
