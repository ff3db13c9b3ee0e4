/*
 * The SHA-256 of a file for the daemon (dev.zccache.hash.Sha256), through the system's libcrypto
 * found at run time (dlopen: no build-time dependency). The daemon runs on C1, which has no
 * SHA-256 intrinsic: Java hashes ~125 MB/s there, libcrypto (SHA-NI/AVX2) ten times that, and a
 * Rust build stores and reads hundreds of megabytes of rlibs.
 *
 * fileDigest(path, out): path NUL-terminated; out 32 bytes. Returns 0 with the digest in out,
 * 1 when no usable libcrypto was found, 2 when the file could not be read (Java then reads it
 * itself, and reports the error in its own words).
 *
 * bytesDigest(bytes, out): the same for a byte array (values read from the remote, blobs stored
 * from memory); it is copied out in chunks, so the JVM's collector is never held up by it.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <jni.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

enum { OK = 0, NO_CRYPTO = 1, IO_ERROR = 2, CHUNK = 256 * 1024 };

static struct {
    void *(*ctx_new)(void);
    void (*ctx_free)(void *);
    const void *(*sha256)(void);
    int (*init)(void *, const void *, void *);
    int (*update)(void *, const void *, size_t);
    int (*final)(void *, unsigned char *, unsigned int *);
    int usable;
} crypto;

static pthread_once_t crypto_once = PTHREAD_ONCE_INIT;

static void load_crypto(void) {
    void *h = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        h = dlopen("libcrypto.so", RTLD_NOW | RTLD_LOCAL);
    }
    if (!h) {
        return;
    }
    *(void **)&crypto.ctx_new = dlsym(h, "EVP_MD_CTX_new");
    *(void **)&crypto.ctx_free = dlsym(h, "EVP_MD_CTX_free");
    *(void **)&crypto.sha256 = dlsym(h, "EVP_sha256");
    *(void **)&crypto.init = dlsym(h, "EVP_DigestInit_ex");
    *(void **)&crypto.update = dlsym(h, "EVP_DigestUpdate");
    *(void **)&crypto.final = dlsym(h, "EVP_DigestFinal_ex");
    crypto.usable = crypto.ctx_new && crypto.ctx_free && crypto.sha256 && crypto.init && crypto.update && crypto.final;
}

/*
 * The digest of what next() hands out, a chunk at a time into buf (CHUNK bytes): next returns
 * the chunk's length, 0 at the end, -1 on an error. OK with the digest written into the Java
 * array out (32 bytes, checked by ready), else IO_ERROR and out untouched.
 */
static int digest_chunks(ssize_t (*next)(void *src, unsigned char *buf), void *src, JNIEnv *env, jbyteArray out) {
    unsigned char *buf = malloc(CHUNK);
    void *ctx = crypto.ctx_new();
    int rc = IO_ERROR;
    if (buf && ctx && crypto.init(ctx, crypto.sha256(), NULL) == 1) {
        for (;;) {
            ssize_t n = next(src, buf);
            if (n < 0) {
                break;
            }
            if (n == 0) {
                unsigned char md[32];
                unsigned int len = 0;
                rc = crypto.final(ctx, md, &len) == 1 && len == 32 ? OK : IO_ERROR;
                if (rc == OK) {
                    (*env)->SetByteArrayRegion(env, out, 0, 32, (const jbyte *)md);
                }
                break;
            }
            if (crypto.update(ctx, buf, (size_t)n) != 1) {
                break;
            }
        }
    }
    if (ctx) {
        crypto.ctx_free(ctx);
    }
    free(buf);
    return rc;
}

static ssize_t next_of_file(void *src, unsigned char *buf) {
    ssize_t n;
    do {
        n = read(*(int *)src, buf, CHUNK);
    } while (n < 0 && errno == EINTR);
    return n;
}

/* A Java byte array, copied out a chunk at a time (the collector is never held up by it). */
typedef struct {
    JNIEnv *env;
    jbyteArray bytes;
    jsize at, len;
} array_source;

static ssize_t next_of_array(void *src, unsigned char *buf) {
    array_source *a = src;
    jsize n = a->len - a->at < CHUNK ? a->len - a->at : CHUNK;
    (*a->env)->GetByteArrayRegion(a->env, a->bytes, a->at, n, (jbyte *)buf);
    a->at += n;
    return n;
}

/* Loads libcrypto now (dlopen and relocation: ~10-30 ms, once), not in the first compile. Returns whether usable. */
JNIEXPORT jboolean JNICALL Java_dev_zccache_hash_Sha256_loadCrypto(JNIEnv *env, jclass cls) {
    (void)env;
    (void)cls;
    pthread_once(&crypto_once, load_crypto);
    return crypto.usable ? JNI_TRUE : JNI_FALSE;
}

/* Before a digest: libcrypto loaded and usable, and out long enough for one. */
static int ready(JNIEnv *env, jbyteArray out) {
    pthread_once(&crypto_once, load_crypto);
    if (!crypto.usable) {
        return NO_CRYPTO;
    }
    return (*env)->GetArrayLength(env, out) < 32 ? IO_ERROR : OK;
}

JNIEXPORT jint JNICALL Java_dev_zccache_hash_Sha256_fileDigest(JNIEnv *env, jclass cls, jbyteArray path,
                                                                 jbyteArray out) {
    (void)cls;
    int ok = ready(env, out);
    if (ok != OK) {
        return ok;
    }
    jsize len = (*env)->GetArrayLength(env, path);
    char *name = malloc((size_t)len + 1);
    if (!name) {
        return IO_ERROR;
    }
    (*env)->GetByteArrayRegion(env, path, 0, len, (jbyte *)name);
    name[len] = '\0';
    int fd = open(name, O_RDONLY | O_CLOEXEC);
    free(name);
    if (fd < 0) {
        return IO_ERROR;
    }
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    int rc = digest_chunks(next_of_file, &fd, env, out);
    close(fd);
    return rc;
}

JNIEXPORT jint JNICALL Java_dev_zccache_hash_Sha256_bytesDigest(JNIEnv *env, jclass cls, jbyteArray bytes,
                                                                  jbyteArray out) {
    (void)cls;
    int ok = ready(env, out);
    if (ok != OK) {
        return ok;
    }
    array_source src = {env, bytes, 0, (*env)->GetArrayLength(env, bytes)};
    return digest_chunks(next_of_array, &src, env, out);
}
