/**
 * The `zccache shell` process (Spring Shell): sends its commands to the daemon over the socket.
 * May import daemon and protocol.
 */
package dev.zccache.shell;
