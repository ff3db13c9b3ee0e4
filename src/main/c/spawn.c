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

/* Adds the words of a file's lines to argv, skipping blank lines and lines starting with '#'. */
static int add_option_lines(const char *file, char *buf, size_t buflen, char **argv, int argc) {
    FILE *f = fopen(file, "r");
    if (!f) {
        return argc;
    }
    size_t n = fread(buf, 1, buflen - 1, f);
    buf[n] = '\0';
    fclose(f);
    for (char *line = buf; line && *line;) {
        char *next = strchr(line, '\n');
        if (next) {
            *next++ = '\0';
        }
        while (*line == ' ' || *line == '\t') {
            line++;
        }
        if (*line && *line != '#') {
            argc = add_words(line, argv, argc);
        }
        line = next;
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
    char libdir[PATH_MAX];
    snprintf(libdir, sizeof libdir, "%s", jar);
    char *jar_slash = strrchr(libdir, '/');
    if (jar_slash) {
        *jar_slash = '\0';
    }
    /* The daemon's JVM options: the file scripts/install puts next to the jar (config/jvm.options). */
    static char optionsbuf[8192];
    char optionsfile[PATH_MAX];
    if (zc_join(optionsfile, sizeof optionsfile, libdir, "jvm.options") == 0) {
        argc = add_option_lines(optionsfile, optionsbuf, sizeof optionsbuf, argv, argc);
    }
    /* Options written at install time for this JDK (a CDS or AOT cache): with a remote, the
     * archive trained against one (JDK 25's AOT cache loads all its classes at start, so the
     * remote client's are left out of the plain one) when the install has it. */
    static char archivebuf[8192];
    char home[256];
    java_home_name(java, home, sizeof home);
    char optdir[PATH_MAX];
    char optfile[PATH_MAX];
    if (home[0] && zc_join(optdir, sizeof optdir, libdir, "jvm-options") == 0) {
        const char *remote = getenv("ZCCACHE_REMOTE");
        char remotehome[300];
        snprintf(remotehome, sizeof remotehome, "%s-remote", home);
        int chosen = remote && *remote && zc_join(optfile, sizeof optfile, optdir, remotehome) == 0 &&
                     access(optfile, R_OK) == 0;
        if (chosen || zc_join(optfile, sizeof optfile, optdir, home) == 0) {
            argc = add_option_lines(optfile, archivebuf, sizeof archivebuf, argv, argc);
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

/*
 * Whether a daemon we started is gone. It exits as a zombie of whoever adopted it (we double
 * fork): init reaps it at once on most systems, but some containers' PID 1 only every few
 * seconds or never, and kill(pid, 0) succeeds on a zombie: its state in /proc says.
 */
static int process_gone(pid_t pid) {
    if (kill(pid, 0) != 0 && errno == ESRCH) {
        return 1;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "re");
    if (!f) {
        return errno == ENOENT;
    }
    char buf[512];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* "pid (comm) S ...": comm may hold anything, so the state follows the last ')' */
    const char *end = strrchr(buf, ')');
    return end && end[1] == ' ' && (end[2] == 'Z' || end[2] == 'X');
}

/* The daemon we started exited before answering: recorded with its reason, for the next callers. */
static void record_failed_start(const zc_paths *p, const char *reason) {
    int fd = open(p->start_failed, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd >= 0) {
        /* the write moves the file's time to now, which failed_recently reads */
        ssize_t ignored = write(fd, reason, strlen(reason));
        (void)ignored;
        close(fd);
    }
}

/* 1 (and why in err) when a start failed less than ZC_START_RETRY_MS ago. */
static int failed_recently(const zc_paths *p, char *err, size_t errlen) {
    struct stat st;
    if (stat(p->start_failed, &st) != 0) {
        return 0;
    }
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    long long age = ((long long)now.tv_sec - st.st_mtim.tv_sec) * 1000 + (now.tv_nsec - st.st_mtim.tv_nsec) / 1000000;
    if (age < 0 || age >= ZC_START_RETRY_MS) {
        return 0;
    }
    snprintf(err, errlen, "a daemon failed to start %lld ms ago (see %s/daemon.out); compiles start none for %d s after "
             "that (zccache start tries at once)", age, p->logs, ZC_START_RETRY_MS / 1000);
    return 1;
}

/* Starts a daemon, unless one failed to start recently and the caller is not `retry`: its pid, or -1 and why in err. */
static pid_t start_unless_failed(const zc_paths *p, int retry, char *err, size_t errlen) {
    if (!retry && failed_recently(p, err, errlen)) {
        return -1;
    }
    pid_t pid = start_daemon(p);
    if (pid < 0) {
        snprintf(err, errlen, "cannot fork the daemon: %s", strerror(errno));
    }
    return pid;
}

int zc_connect_or_start(const zc_paths *p, int timeout_ms, int retry, char *err, size_t errlen) {
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
        started = start_unless_failed(p, retry, err, errlen);
        if (started < 0) {
            close(lock);
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
        if (started > 0 && process_gone(started)) {
            snprintf(err, errlen, "the daemon exited while starting (see %s/daemon.out)", p->logs);
            /* not when it lost daemon.lock to another daemon, which may yet answer */
            if (zc_daemon_pid(p) == 0) {
                record_failed_start(p, err);
            }
            break;
        }
        /* The daemon that held the lock when we looked (a stopping one, one whose socket file was
         * removed) is gone and none answers: we hold start.lock, so we start the next one. */
        if (started == 0 && zc_daemon_pid(p) == 0) {
            started = start_unless_failed(p, retry, err, errlen);
            if (started < 0) {
                break;
            }
        }
        sleep_ms(delay);
        if (delay < 20) {
            delay *= 2;
        }
        fd = zc_connect(p->socket);
    }
    if (fd >= 0 && started > 0) {
        unlink(p->start_failed);
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
