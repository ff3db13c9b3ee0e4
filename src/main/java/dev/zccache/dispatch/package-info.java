/**
 * Routes a decoded request to its handler: the only package that sees both the transport (ipc)
 * and the handlers. May import every handler package and protocol.
 */
package dev.zccache.dispatch;
