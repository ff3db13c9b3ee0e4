/**
 * Compiler child processes: capture, cancellation when the client goes, the concurrency limit.
 * May import daemon (settings) and protocol (the reply sink).
 */
package dev.zccache.runner;
