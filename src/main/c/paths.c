#include "paths.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int zc_join(char *out, size_t outlen, const char *dir, const char *name) {
    size_t a = strlen(dir), b = strlen(name);
    if (a + 1 + b + 1 > outlen) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(out, dir, a);
    out[a] = '/';
    memcpy(out + a + 1, name, b + 1);
    return 0;
}

const char *zc_basename(const char *path) {
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/*
 * The home directory of uid from /etc/passwd, into out; 0 on success. The launcher is linked
 * statically (it starts ~0.2 ms sooner without the dynamic loader), and a static glibc's
 * getpwuid needs the NSS libraries of the glibc it was built with. Only used when HOME is unset.
 */
static int passwd_home(uid_t uid, char *out, size_t outlen) {
    FILE *f = fopen("/etc/passwd", "re");
    if (!f) {
        return -1;
    }
    char line[4096];
    int found = -1;
    while (found != 0 && fgets(line, sizeof line, f)) {
        /* name:password:uid:gid:gecos:home:shell */
        char *field[7] = {0};
        char *p = line;
        int n = 0;
        while (n < 7 && p) {
            field[n++] = p;
            p = strchr(p, ':');
            if (p) {
                *p++ = '\0';
            }
        }
        if (n < 6 || !*field[2]) {
            continue;
        }
        char *end;
        unsigned long id = strtoul(field[2], &end, 10);
        if (*end == '\0' && id == (unsigned long)uid && *field[5] == '/') {
            snprintf(out, outlen, "%s", field[5]);
            found = 0;
        }
    }
    fclose(f);
    return found;
}

static int mkdirs(const char *dir, mode_t mode) {
    char tmp[PATH_MAX];
    size_t n = strlen(dir);
    if (n >= sizeof tmp) {
        return -1;
    }
    memcpy(tmp, dir, n + 1);
    for (char *s = tmp + 1; *s; s++) {
        if (*s == '/') {
            *s = '\0';
            if (mkdir(tmp, mode) != 0 && errno != EEXIST) {
                return -1;
            }
            *s = '/';
        }
    }
    if (mkdir(tmp, mode) != 0 && errno != EEXIST) {
        return -1;
    }
    return 0;
}

void zc_socket_path(const char *cache_dir, unsigned uid, char *out, size_t outlen) {
    int n = snprintf(out, outlen, "%s/daemon.sock", cache_dir);
    if (n >= 0 && (size_t)n <= ZC_SUN_PATH_MAX && (size_t)n < outlen) {
        return;
    }
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char *c = (const unsigned char *)cache_dir; *c; c++) {
        h ^= *c;
        h *= 0x100000001b3ULL;
    }
    snprintf(out, outlen, "/tmp/zccache-%u/%016llx.sock", uid, (unsigned long long)h);
}

/* A copy of s in p's store (which holds seven paths of any length allowed). */
static const char *keep(zc_paths *p, const char *s) {
    size_t n = strlen(s) + 1;
    if (n > sizeof p->store - p->used) {
        return "";
    }
    char *kept = p->store + p->used;
    memcpy(kept, s, n);
    p->used += n;
    return kept;
}

/* Every path but self is "": no usable cache dir. */
static void forget_cache_dir(zc_paths *p) {
    p->cache_dir = p->socket = p->daemon_lock = p->start_lock = p->start_failed = p->logs = "";
}

/* Only self is known ("" when it cannot be found). */
static void self_only(zc_paths *p) {
    p->used = 0;
    p->self = "";
    forget_cache_dir(p);
    /* The kernel's link names the file itself (what realpath would find, in one call), and ends
       in " (deleted)" once the file was replaced or removed: then there is no real path. */
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    static const char deleted[] = " (deleted)";
    if (n > 0 && exe[0] == '/') {
        exe[n] = '\0';
        if ((size_t)n < sizeof deleted - 1 || strcmp(exe + n - (sizeof deleted - 1), deleted) != 0) {
            p->self = keep(p, exe);
        }
    }
}

/* The directory, made (0700, with its missing parents) unless it is one already. */
static int ensure_dir(const char *dir) {
    struct stat st;
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
        return 0; /* one stat, where making it would try a mkdir per component */
    }
    return mkdirs(dir, 0700);
}

/* The cache dir and the paths in it, after self. */
static int cache_paths(zc_paths *p, char *err, size_t errlen) {
    const char *dir = getenv("ZCCACHE_CACHE_DIR");
    char buf[PATH_MAX];
    if (!dir || !*dir) {
        const char *home = getenv("HOME");
        char pwhome[PATH_MAX];
        if (!home || !*home) {
            home = passwd_home(getuid(), pwhome, sizeof pwhome) == 0 ? pwhome : "/tmp";
        }
        if (strlen(home) + sizeof "/.zccache" > sizeof buf) {
            snprintf(err, errlen, "home directory path too long");
            return -1;
        }
        memcpy(buf, home, strlen(home));
        memcpy(buf + strlen(home), "/.zccache", sizeof "/.zccache");
        dir = buf;
    }
    char abs[PATH_MAX];
    if (dir[0] != '/') {
        char cwd[PATH_MAX];
        if (!getcwd(cwd, sizeof cwd)) {
            snprintf(err, errlen, "cannot resolve relative ZCCACHE_CACHE_DIR: %s", strerror(errno));
            return -1;
        }
        if (zc_join(abs, sizeof abs, cwd, dir) != 0) {
            snprintf(err, errlen, "cache dir path too long");
            return -1;
        }
    } else {
        snprintf(abs, sizeof abs, "%s", dir);
    }
    if (ensure_dir(abs) != 0) {
        snprintf(err, errlen, "cannot create cache dir %s: %s", abs, strerror(errno));
        return -1;
    }
    /* Canonical, so that every client of one directory computes the same socket path. */
    char canonical[PATH_MAX];
    if (!realpath(abs, canonical)) {
        snprintf(err, errlen, "cannot resolve cache dir %s: %s", abs, strerror(errno));
        return -1;
    }
    p->cache_dir = keep(p, canonical);
    char path[PATH_MAX];
    zc_socket_path(p->cache_dir, (unsigned)getuid(), path, sizeof path);
    p->socket = keep(p, path);
    if (strncmp(p->socket, "/tmp/zccache-", 13) == 0) {
        /* A shared /tmp: the directory must be ours and private, or anyone could pose as the daemon. */
        char sockdir[PATH_MAX];
        snprintf(sockdir, sizeof sockdir, "/tmp/zccache-%u", (unsigned)getuid());
        mkdir(sockdir, 0700);
        struct stat st;
        if (lstat(sockdir, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077) != 0) {
            snprintf(err, errlen, "%s is not a private directory of this user", sockdir);
            return -1;
        }
    }
    const char *names[] = {"daemon.lock", "start.lock", "start.failed", "logs"};
    const char **fields[] = {&p->daemon_lock, &p->start_lock, &p->start_failed, &p->logs};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (zc_join(path, sizeof path, p->cache_dir, names[i]) != 0) {
            snprintf(err, errlen, "cache dir path too long");
            return -1;
        }
        *fields[i] = keep(p, path);
    }
    return 0;
}

int zc_paths_init(zc_paths *p, char *err, size_t errlen) {
    self_only(p);
    if (cache_paths(p, err, errlen) != 0) {
        forget_cache_dir(p); /* none half-filled */
        return -1;
    }
    return 0;
}


int zc_is_zccache(const zc_paths *p, const char *path) {
    char real[PATH_MAX];
    if (!realpath(path, real)) {
        return 0;
    }
    if (p->self[0] && strcmp(real, p->self) == 0) {
        return 1;
    }
    return strcmp(zc_basename(real), "zccache") == 0;
}

static int executable_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* out = path made absolute against the cwd (not resolved: the daemon runs what the user named). */
static int absolutize(const char *path, char *out, size_t outlen) {
    if (path[0] == '/') {
        size_t n = strlen(path);
        if (n >= outlen) {
            return -1;
        }
        memcpy(out, path, n + 1);
        return 0;
    }
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) {
        return -1;
    }
    return zc_join(out, outlen, cwd, path);
}

int zc_which(const zc_paths *skip, const char *name, char *out, size_t outlen) {
    if (strchr(name, '/')) {
        return executable_file(name) ? absolutize(name, out, outlen) : -1;
    }
    const char *path = getenv("PATH");
    if (!path) {
        path = "/usr/local/bin:/usr/bin:/bin";
    }
    for (const char *s = path;; s++) {
        const char *e = strchr(s, ':');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        char dir[PATH_MAX];
        char cand[PATH_MAX];
        /* an empty PATH entry means the cwd */
        snprintf(dir, sizeof dir, "%.*s", (int)(n ? n : 1), n ? s : ".");
        if (zc_join(cand, sizeof cand, dir, name) == 0 && executable_file(cand) &&
            !(skip && zc_is_zccache(skip, cand))) {
            return absolutize(cand, out, outlen);
        }
        if (!e) {
            return -1;
        }
        s = e;
    }
}

void zc_jar_path(const zc_paths *p, char *out, size_t outlen) {
    const char *jar = getenv("ZCCACHE_JAR");
    if (jar && *jar) {
        snprintf(out, outlen, "%s", jar);
        return;
    }
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", p->self);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
    }
    snprintf(out, outlen, "%s/../lib/zccache/zccache.jar", dir);
}
