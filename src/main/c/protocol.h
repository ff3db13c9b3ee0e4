/*
 * Wire constants shared with the daemon.
 * Keep in sync with src/main/java/dev/zccache/protocol/Wire.java
 * (WireConstantsTest parses this file and compares every value).
 * The grammar is written down in docs/PROTOCOL.md.
 */
#ifndef ZCCACHE_PROTOCOL_H
#define ZCCACHE_PROTOCOL_H

#define ZC_PROTOCOL_VERSION 3

/* Largest frame body (type byte + payload) either side accepts. */
#define ZC_MAX_FRAME_BYTES (64u * 1024u * 1024u)

/* Request types (launcher -> daemon). */
#define ZC_REQ_COMPILE 'C'
#define ZC_REQ_PING 'P'
#define ZC_REQ_STATUS 'S'
#define ZC_REQ_STOP 'Q'
#define ZC_REQ_ADMIN 'A'

/* Reply types (daemon -> launcher). */
#define ZC_REP_STDOUT 'O'
#define ZC_REP_STDERR 'E'
#define ZC_REP_EXIT 'X'
#define ZC_REP_RUN_LOCALLY 'L'
#define ZC_REP_RESULT 'R'
#define ZC_REP_ERROR '!'

/* Compile request flags. */
#define ZC_FLAG_STDOUT_TTY 0x01
#define ZC_FLAG_STDERR_TTY 0x02

/* Status request formats. */
#define ZC_FORMAT_TEXT 0
#define ZC_FORMAT_JSON 1

/* Error codes carried by ZC_REP_ERROR. */
#define ZC_ERR_MALFORMED 1
#define ZC_ERR_TOO_LARGE 2
#define ZC_ERR_VERSION_MISMATCH 3
#define ZC_ERR_PEER_REFUSED 4
#define ZC_ERR_UNKNOWN_TYPE 5
#define ZC_ERR_SHUTTING_DOWN 6
#define ZC_ERR_INTERNAL 7
#define ZC_ERR_TRUNCATED 8
#define ZC_ERR_TIMEOUT 9

#endif
