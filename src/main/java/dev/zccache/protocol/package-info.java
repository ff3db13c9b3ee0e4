/**
 * The launcher-daemon wire format: request and reply records, decoder, encoder, constants (Wire,
 * kept in sync with src/main/c/protocol.h). Imports nothing of zccache's.
 */
package dev.zccache.protocol;
