/**
 * Admin commands (one service per command, for the launcher's one-shot commands and the shell
 * alike) and what the daemon adds to Actuator. May import daemon, ipc (listener health),
 * journal, session, stats, store, hash, protocol (replies).
 */
package dev.zccache.admin;
