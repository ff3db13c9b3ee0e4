/**
 * The Unix-domain socket under Spring Integration IP: server socket, connections, framing by
 * length, peer-uid check, reaping of stalled clients.
 */
package dev.zccache.ipc;
