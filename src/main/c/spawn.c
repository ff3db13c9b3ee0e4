#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

long long zc_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

int zc_env_int(const char *name, int dflt) {
    const char *v = getenv(name);
    if (!v || !*v) {
        return dflt;
    }
    char *end;
    long n = strtol(v, &end, 10);
    return (*end || n < 0 || n > 1000000000L) ? dflt : (int)n;
}

int zc_connect(const char *socket_path) {
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    if (strlen(socket_path) >= sizeof addr.sun_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(addr.sun_path, socket_path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    while (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        if (errno == EINTR) {
            continue;
        }
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

pid_t zc_daemon_pid(const zc_paths *p) {
    int fd = open(p->daemon_lock, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return 0;
    }
    /* The daemon holds a POSIX record lock (Java's FileChannel.lock); F_GETLK names its owner. */
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    pid_t pid = 0;
    if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK) {
        pid = fl.l_pid;
    }
    close(fd);
    return pid;
}

int zc_wait_daemon_gone(const zc_paths *p, int timeout_ms) {
    long long deadline = zc_now_ms() + timeout_ms;
    while (zc_daemon_pid(p) != 0) {
        if (zc_now_ms() >= deadline) {
            return -1;
        }
        sleep_ms(10);
    }
    return 0;
}

int zc_terminate_daemon(const zc_paths *p, pid_t pid, int timeout_ms) {
    if (pid > 0) {
        kill(pid, SIGTERM);
    }
    return zc_wait_daemon_gone(p, timeout_ms);
}

/* The directory name of the JDK that `java` belongs to, e.g. temurin-25-jdk-amd64. */
static void java_home_name(const char *java, char *out, size_t outlen) {
    char found[PATH_MAX];
    char real[PATH_MAX];
    out[0] = '\0';
    if (zc_which(NULL, java, found, sizeof found) != 0 || !realpath(found, real)) {
        return;
    }
    /* <home>/bin/java -> <home> */
    for (int i = 0; i < 2; i++) {
        char *slash = strrchr(real, '/');
        if (!slash) {
            return;
        }
        *slash = '\0';
    }
    snprintf(out, outlen, "%s", zc_basename(real));
}

#define MAX_JVM_ARGS 64

/* $JAVA_HOME/bin/java, else java from PATH. */
static void java_path(char *out, size_t outlen) {
    const char *jh = getenv("JAVA_HOME");
    if (jh && *jh) {
        snprintf(out, outlen, "%s/bin/java", jh);
    } else {
        snprintf(out, outlen, "java");
    }
}

void zc_exec_shell(const zc_paths *p, char **args, int nargs) {
    char java[PATH_MAX];
    java_path(java, sizeof java);
    char jar[PATH_MAX];
    zc_jar_path(p, jar, sizeof jar);
    setenv("ZCCACHE_CACHE_DIR", p->cache_dir, 1);
    setenv("ZCCACHE_LAUNCHER", p->self, 1);
    char **argv = calloc((size_t)nargs + 16, sizeof *argv);
    if (!argv) {
        _exit(127);
    }
    int argc = 0;
    argv[argc++] = java;
    /* a person's session: start quickly, stay small; the daemon's AOT settings do not apply */
    argv[argc++] = "-XX:TieredStopAtLevel=1";
    argv[argc++] = "-XX:+UseSerialGC";
    argv[argc++] = "-Xshare:auto";
    argv[argc++] = "-jar";
    argv[argc++] = jar;
    argv[argc++] = "shell";
    for (int i = 0; i < nargs; i++) {
        argv[argc++] = args[i];
    }
    argv[argc] = NULL;
    execvp(argv[0], argv);
    fprintf(stderr, "zccache: cannot start the shell: %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

/* Adds whitespace-separated words of s to argv (modifies s). */
static int add_words(char *s, char **argv, int argc) {
    for (char *tok = strtok(s, " \t\r\n"); tok && argc < MAX_JVM_ARGS; tok = strtok(NULL, " \t\r\n")) {
        argv[argc++] = tok;
    }
    return argc;
}

/* In the grandchild: become the daemon. Never returns. */
static void exec_daemon(const zc_paths *p) __attribute__((noreturn));
static void exec_daemon(const zc_paths *p) {
    setsid();
    char logfile[PATH_MAX];
    mkdir(p->logs, 0700);
    zc_join(logfile, sizeof logfile, p->logs, "daemon.out");
    int devnull = open("/dev/null", O_RDONLY);
    int log = open(logfile, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (devnull >= 0) {
        dup2(devnull, 0);
    }
    if (log >= 0) {
        dup2(log, 1);
        dup2(log, 2);
    }
    for (int fd = 3; fd < 1024; fd++) {
        close(fd);
    }
    if (chdir(p->cache_dir) != 0) {
        _exit(126);
    }
    setenv("ZCCACHE_CACHE_DIR", p->cache_dir, 1);
    /* The daemon handles argv and paths as bytes in UTF-8 (sun.jnu.encoding follows the locale). */
    setenv("LC_ALL", "C.UTF-8", 1);
    unsetenv("ZCCACHE_NESTED");

    char java[PATH_MAX];
    java_path(java, sizeof java);
    char jar[PATH_MAX];
    zc_jar_path(p, jar, sizeof jar);

    char *argv[MAX_JVM_ARGS + 8];
    int argc = 0;
    argv[argc++] = java;
    argv[argc++] = "-XX:+UseSerialGC";
    argv[argc++] = "-Xss1m";
    /*
     * C1 only. C2's compiler thread was the daemon's biggest CPU user during builds (3.0 s of
     * 4.6 s JIT time over a fresh daemon's first seven zlib builds), and on a machine whose
     * cores make -j is already using, that CPU is build time. Measured here, fresh daemon,
     * zlib, three interleaved rounds: cold build 5.16 vs 5.83 s, warm rebuild 435 vs 605 ms,
     * the first 200 hits 3.9 vs 5.3 ms each, RSS 210 vs 235 MB. C1 has no SHA-256 intrinsic
     * (400 vs 33 us per 50 KB), so blobs are verified once per change of their stat, not on
     * every hit (BlobStore). ZCCACHE_JVM_OPTS=-XX:TieredStopAtLevel=4 restores C2.
     */
    argv[argc++] = "-XX:TieredStopAtLevel=1";
    /*
     * ...and C1 compiles a method after a tenth of the usual calls. A build calls the hit and
     * miss paths once per file, so at the default thresholds (200 calls) a daemon ran them
     * interpreted for its first few hundred compiles: zlib, make -j2, fresh daemon, five cold
     * then five warm builds: the daemon's CPU per cold build 450 -> 300 ms and per warm rebuild
     * 130 -> 50 ms, the warm rebuild's wall 350 -> 250 ms; the first build pays ~400 ms more of
     * compiling (the C1 thread), once.
     */
    argv[argc++] = "-XX:CompileThresholdScaling=0.1";
    argv[argc++] = "-XX:+IgnoreUnrecognizedVMOptions";
    /* bean definitions generated at build time (spring-boot-maven-plugin process-aot) */
    argv[argc++] = "-Dspring.aot.enabled=true";
    /* Options written at install time for this JDK (a CDS or AOT cache). */
    static char optbuf[8192];
    char home[256];
    java_home_name(java, home, sizeof home);
    if (home[0]) {
        char optdir[PATH_MAX];
        char optfile[PATH_MAX];
        snprintf(optdir, sizeof optdir, "%s", jar);
        char *slash = strrchr(optdir, '/');
        if (slash) {
            *slash = '\0';
        }
        FILE *f = NULL;
        if (zc_join(optfile, sizeof optfile, optdir, "jvm-options") == 0 &&
            zc_join(optdir, sizeof optdir, optfile, home) == 0) {
            f = fopen(optdir, "r");
        }
        if (f) {
            size_t n = fread(optbuf, 1, sizeof optbuf - 1, f);
            optbuf[n] = '\0';
            fclose(f);
            argc = add_words(optbuf, argv, argc);
        }
    }
    static char userbuf[4096];
    const char *user = getenv("ZCCACHE_JVM_OPTS");
    if (user) {
        snprintf(userbuf, sizeof userbuf, "%s", user);
        argc = add_words(userbuf, argv, argc);
    }
    argv[argc++] = "-jar";
    argv[argc++] = jar;
    argv[argc++] = "daemon";
    argv[argc] = NULL;
    execvp(argv[0], argv);
    fprintf(stderr, "zccache: cannot start daemon: %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

/* Starts a detached daemon (double fork, so it is nobody's zombie). Returns its pid or -1. */
static pid_t start_daemon(const zc_paths *p) {
    int pfd[2];
    if (pipe2(pfd, O_CLOEXEC) != 0) {
        return -1;
    }
    pid_t child = fork();
    if (child < 0) {
        close(pfd[0]);
        close(pfd[1]);
        return -1;
    }
    if (child == 0) {
        pid_t grandchild = fork();
        if (grandchild == 0) {
            close(pfd[0]);
            close(pfd[1]);
            exec_daemon(p);
        }
        ssize_t ignored = write(pfd[1], &grandchild, sizeof grandchild);
        (void)ignored;
        _exit(0);
    }
    close(pfd[1]);
    pid_t daemon = -1;
    if (read(pfd[0], &daemon, sizeof daemon) != (ssize_t)sizeof daemon) {
        daemon = -1;
    }
    close(pfd[0]);
    waitpid(child, NULL, 0);
    return daemon;
}

int zc_connect_or_start(const zc_paths *p, int timeout_ms, char *err, size_t errlen) {
    int fd = zc_connect(p->socket);
    if (fd >= 0) {
        return fd;
    }
    long long deadline = zc_now_ms() + timeout_ms;
    int lock = open(p->start_lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock < 0) {
        snprintf(err, errlen, "cannot open %s: %s", p->start_lock, strerror(errno));
        return -1;
    }
    /* One starter at a time; whoever waits here finds the winner's daemon afterwards. */
    while (flock(lock, LOCK_EX | LOCK_NB) != 0) {
        if (zc_now_ms() >= deadline) {
            close(lock);
            snprintf(err, errlen, "timed out waiting for another launcher to start the daemon");
            return -1;
        }
        sleep_ms(5);
    }
    pid_t started = 0;
    fd = zc_connect(p->socket);
    if (fd < 0 && zc_daemon_pid(p) == 0) {
        started = start_daemon(p);
        if (started < 0) {
            close(lock);
            snprintf(err, errlen, "cannot fork the daemon: %s", strerror(errno));
            return -1;
        }
    }
    int delay = 2;
    while (fd < 0) {
        if (zc_now_ms() >= deadline) {
            snprintf(err, errlen, "no daemon answered on %s within %d ms (see %s/daemon.out)", p->socket,
                     timeout_ms, p->logs);
            break;
        }
        if (started > 0 && kill(started, 0) != 0 && errno == ESRCH) {
            snprintf(err, errlen, "the daemon exited while starting (see %s/daemon.out)", p->logs);
            break;
        }
        sleep_ms(delay);
        if (delay < 20) {
            delay *= 2;
        }
        fd = zc_connect(p->socket);
    }
    close(lock); /* releases the flock */
    return fd;
}

void zc_exec_compiler(const char *path, char **argv) {
    execv(path, argv);
    fprintf(stderr, "zccache: cannot execute %s: %s\n", path, strerror(errno));
    exit(127);
}

void zc_log(const zc_paths *p, const char *fmt, ...) {
    if (!p->logs[0]) {
        return;
    }
    mkdir(p->logs, 0700);
    char file[PATH_MAX];
    FILE *f = zc_join(file, sizeof file, p->logs, "launcher.log") == 0 ? fopen(file, "a") : NULL;
    if (!f) {
        return;
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char ts[32];
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fprintf(f, "%s pid=%d ", ts, (int)getpid());
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
    fclose(f);
}
