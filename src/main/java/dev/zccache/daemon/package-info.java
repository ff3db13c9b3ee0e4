/**
 * The process: lock, paths, settings (ZccacheProperties), lifecycle (drain, idle exit), the
 * socket listener's bean. May import ipc and protocol.
 */
package dev.zccache.daemon;
