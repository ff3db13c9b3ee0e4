/**
 * The compile journal (JSON lines, written in the background) and the latest compile per output,
 * which explain and the cache's miss explanation read. May import cache (CompileHistory),
 * daemon, session.
 */
package dev.zccache.journal;
