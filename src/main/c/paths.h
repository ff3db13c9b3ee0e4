/* Where things live: the cache dir, the socket, the daemon jar, the real compiler. */
#ifndef ZCCACHE_PATHS_H
#define ZCCACHE_PATHS_H

#include <limits.h>
#include <stddef.h>

/* sun_path holds 108 bytes including the terminating NUL. */
#define ZC_SUN_PATH_MAX 107

typedef struct {
    const char *self;         /* real path of this executable, "" when unknown */
    const char *cache_dir;    /* absolute, canonical */
    const char *socket;
    const char *daemon_lock;
    const char *start_lock;
    const char *start_failed; /* written when a daemon we started exited before answering */
    const char *logs;
    /*
     * The strings above, one after the other: a launcher's run touches one page of them instead
     * of one page per path. Each page a process touches first is a page fault (~15 us on a VM),
     * and a build starts the launcher once per step.
     */
    size_t used;
    char store[7 * PATH_MAX];
} zc_paths;

/*
 * Fills in every path; creates the cache dir (0700) if missing. Returns 0, or -1 with a message
 * and every path but self "" (no usable cache dir: compiles still run, without the daemon).
 */
int zc_paths_init(zc_paths *p, char *err, size_t errlen);

/*
 * The socket path for a cache dir: <cache_dir>/daemon.sock, or when that does not fit in
 * sun_path, /tmp/zccache-<uid>/<fnv1a64(cache_dir) as 16 hex digits>.sock.
 * Keep in sync with dev.zccache.daemon.DaemonPaths#socketPath.
 */
void zc_socket_path(const char *cache_dir, unsigned uid, char *out, size_t outlen);


/*
 * Finds a program like execvp does (a name with a slash is taken as it is) and makes the path
 * absolute. With skip set, programs that are zccache are passed over: that is how a compiler
 * named by the user is resolved, so that a masquerade symlink never finds itself.
 * Returns 0, or -1 if there is none.
 */
int zc_which(const zc_paths *skip, const char *name, char *out, size_t outlen);

/* True if path resolves to this executable or to any program whose real name is zccache. */
int zc_is_zccache(const zc_paths *p, const char *path);

/* The daemon jar: $ZCCACHE_JAR, else <dir of self>/../lib/zccache/zccache.jar. */
void zc_jar_path(const zc_paths *p, char *out, size_t outlen);

const char *zc_basename(const char *path);

/* out = dir + "/" + name; -1 (ENAMETOOLONG) if it does not fit. */
int zc_join(char *out, size_t outlen, const char *dir, const char *name);

#endif
