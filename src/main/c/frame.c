#include "frame.h"
#include "protocol.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef ZCCACHE_VERSION
#define ZCCACHE_VERSION "dev"
#endif

static void grow(zc_buf *b, size_t extra) {
    if (b->len + extra <= b->cap) {
        return;
    }
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra) {
        cap *= 2;
    }
    unsigned char *p = realloc(b->data, cap);
    if (!p) {
        abort(); /* out of memory in a short-lived client: nothing sensible left to do */
    }
    b->data = p;
    b->cap = cap;
}

void zc_buf_init(zc_buf *b) { memset(b, 0, sizeof *b); }

void zc_buf_free(zc_buf *b) {
    free(b->data);
    zc_buf_init(b);
}

void zc_buf_u8(zc_buf *b, uint8_t v) {
    grow(b, 1);
    b->data[b->len++] = v;
}

void zc_buf_u16(zc_buf *b, uint16_t v) {
    grow(b, 2);
    b->data[b->len++] = (unsigned char)(v >> 8);
    b->data[b->len++] = (unsigned char)v;
}

void zc_buf_u32(zc_buf *b, uint32_t v) {
    grow(b, 4);
    b->data[b->len++] = (unsigned char)(v >> 24);
    b->data[b->len++] = (unsigned char)(v >> 16);
    b->data[b->len++] = (unsigned char)(v >> 8);
    b->data[b->len++] = (unsigned char)v;
}

void zc_buf_bytes(zc_buf *b, const void *p, size_t n) {
    zc_buf_u32(b, (uint32_t)n);
    grow(b, n);
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

void zc_buf_str(zc_buf *b, const char *s) { zc_buf_bytes(b, s, strlen(s)); }

void zc_frame_begin(zc_buf *b, char type) {
    b->len = 0;
    zc_buf_u32(b, 0);
    zc_buf_u8(b, (uint8_t)type);
    zc_buf_u16(b, ZC_PROTOCOL_VERSION);
    zc_buf_str(b, ZCCACHE_VERSION);
}

void zc_frame_end(zc_buf *b) {
    uint32_t n = (uint32_t)(b->len - 4);
    b->data[0] = (unsigned char)(n >> 24);
    b->data[1] = (unsigned char)(n >> 16);
    b->data[2] = (unsigned char)(n >> 8);
    b->data[3] = (unsigned char)n;
}

int zc_send_all(int fd, const void *p, size_t n) {
    const unsigned char *c = p;
    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

int zc_recv_all(int fd, void *p, size_t n) {
    unsigned char *c = p;
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, c + got, n - got);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        if (r == 0) {
            return got == 0 ? 0 : -1;
        }
        got += (size_t)r;
    }
    return 1;
}

int zc_read_frame(int fd, zc_reader *r, zc_frame *out) {
    unsigned char hdr[4];
    int rc = zc_recv_all(fd, hdr, 4);
    if (rc <= 0) {
        return rc;
    }
    uint32_t n = ((uint32_t)hdr[0] << 24) | ((uint32_t)hdr[1] << 16) | ((uint32_t)hdr[2] << 8) | hdr[3];
    if (n < 1 || n > ZC_MAX_FRAME_BYTES) {
        return -1;
    }
    if (n > r->cap) {
        unsigned char *p = realloc(r->buf, n);
        if (!p) {
            return -1;
        }
        r->buf = p;
        r->cap = n;
    }
    if (zc_recv_all(fd, r->buf, n) != 1) {
        return -1;
    }
    out->type = (char)r->buf[0];
    out->payload = r->buf + 1;
    out->len = n - 1;
    return 1;
}

uint16_t zc_get_u16(zc_cursor *c) {
    if (!c->ok || c->left < 2) {
        c->ok = 0;
        return 0;
    }
    uint16_t v = (uint16_t)((c->p[0] << 8) | c->p[1]);
    c->p += 2;
    c->left -= 2;
    return v;
}

uint32_t zc_get_u32(zc_cursor *c) {
    if (!c->ok || c->left < 4) {
        c->ok = 0;
        return 0;
    }
    uint32_t v = ((uint32_t)c->p[0] << 24) | ((uint32_t)c->p[1] << 16) | ((uint32_t)c->p[2] << 8) | c->p[3];
    c->p += 4;
    c->left -= 4;
    return v;
}

const unsigned char *zc_get_bytes(zc_cursor *c, uint32_t *n) {
    *n = zc_get_u32(c);
    if (!c->ok || c->left < *n) {
        c->ok = 0;
        *n = 0;
        return (const unsigned char *)"";
    }
    const unsigned char *p = c->p;
    c->p += *n;
    c->left -= *n;
    return p;
}
