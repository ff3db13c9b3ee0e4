/* Framing over a stream socket: length-prefixed frames, partial-I/O and EINTR safe. */
#ifndef ZCCACHE_FRAME_H
#define ZCCACHE_FRAME_H

#include <stddef.h>
#include <stdint.h>

/* A growable byte buffer used to build one frame. */
typedef struct {
    unsigned char *data;
    size_t len;
    size_t cap;
} zc_buf;

void zc_buf_init(zc_buf *b);
void zc_buf_free(zc_buf *b);
void zc_buf_u8(zc_buf *b, uint8_t v);
void zc_buf_u16(zc_buf *b, uint16_t v);
void zc_buf_u32(zc_buf *b, uint32_t v);
/* A length-prefixed byte string (u32 length, then the bytes). */
void zc_buf_bytes(zc_buf *b, const void *p, size_t n);
void zc_buf_str(zc_buf *b, const char *s);

/* Starts a request frame: length placeholder, type, protocol version, client version. */
void zc_frame_begin(zc_buf *b, char type);
/* Fills in the length of a frame started with zc_frame_begin. */
void zc_frame_end(zc_buf *b);

int zc_send_all(int fd, const void *p, size_t n);
/* Returns 1 on success, 0 on clean EOF before any byte, -1 on error or EOF mid-way. */
int zc_recv_all(int fd, void *p, size_t n);

/* One received frame; payload points into a buffer owned by the reader. */
typedef struct {
    char type;
    const unsigned char *payload;
    size_t len;
} zc_frame;

typedef struct {
    unsigned char *buf;
    size_t cap;
} zc_reader;

/* Returns 1 with a frame, 0 on EOF before a frame, -1 on error/oversize/truncation. */
int zc_read_frame(int fd, zc_reader *r, zc_frame *out);

/* Cursor over a frame payload; any overrun sets ok = 0. */
typedef struct {
    const unsigned char *p;
    size_t left;
    int ok;
} zc_cursor;

uint16_t zc_get_u16(zc_cursor *c);
uint32_t zc_get_u32(zc_cursor *c);
/* Returns a pointer to n bytes inside the payload (not NUL-terminated). */
const unsigned char *zc_get_bytes(zc_cursor *c, uint32_t *n);

#endif
