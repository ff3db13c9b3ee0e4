/*
 * zccache launcher: the per-compile client that build systems run thousands of times.
 *
 * How the launcher and the daemon meet
 * ------------------------------------
 * All cache logic lives in a long-lived Java daemon; this program only carries one compile
 * to it and the result back, because a JVM cannot start in a millisecond and this must.
 *
 *   1. Connect to <cache dir>/daemon.sock, so that the daemon accepts while we go on.
 *   2. Work out the compiler: `zccache gcc ...`, or a masquerade symlink named gcc (any name
 *      other than zccache) standing in front of the real one on PATH. Names on PATH that are
 *      zccache itself are skipped, so a masquerade never finds itself. If nobody answered in 1,
 *      take start.lock; the winner starts the daemon (double fork, detached), everyone polls
 *      the socket with a deadline.
 *   3. Send one COMPILE frame (argv, cwd, environment, our version); relay the reply's
 *      stdout/stderr chunks byte for byte; exit with the status in the EXIT frame.
 *
 * Restarts: a daemon that says VERSION_MISMATCH is of another build; we stop it (SIGTERM to
 * the pid it names), start ours and retry once. A stale socket left by a killed daemon needs
 * nothing from us: the new daemon owns daemon.lock and replaces the socket file.
 *
 * Fail open: every other problem (no daemon within ZCCACHE_START_TIMEOUT_MS, refused,
 * malformed reply, connection lost) ends in run_real_compiler(): the real compiler runs in this
 * process with the original argv and the reason goes to logs/launcher.log. A daemon that exited
 * while starting is recorded (start.failed), and compiles start none for ZC_START_RETRY_MS. With
 * ZCCACHE_STRICT=1 we exit 125 with the reason instead. ZCCACHE_DISABLE=1 skips the daemon.
 *
 * Rejected: keeping a daemon connection per build (make runs independent processes), a
 * JVM client (130-320 ms a start), and running compilers here while the daemon only
 * answers lookups (two round trips per miss, and the daemon could not kill orphans).
 */
#include "frame.h"
#include "paths.h"
#include "protocol.h"
#include "spawn.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef ZCCACHE_VERSION
#define ZCCACHE_VERSION "dev"
#endif

extern char **environ;

#define EXIT_STRICT 125

static const char USAGE[] =
    "zccache " ZCCACHE_VERSION " - a local compiler cache for C, C++, Rust and Emscripten\n"
    "\n"
    "Usage:\n"
    "  zccache <compiler> [args...]   compile, link or archive through the cache daemon\n"
    "                                 (zccache gcc -c x.c, zccache gcc x.o -o x, zccache emcc\n"
    "                                 x.o -o x.js, zccache ar rcs libx.a x.o,\n"
    "                                 RUSTC_WRAPPER=zccache cargo build)\n"
    "  <symlink named gcc> [args...]  masquerade: a link to zccache named gcc, cc, g++, c++,\n"
    "                                 clang, clang++, emcc, em++ or rustc acts as that compiler\n"
    "  zccache start                  start the daemon (no-op when one is running)\n"
    "  zccache stop                   stop the daemon; compiles in flight finish first\n"
    "  zccache status [--json]        is a daemon running: pid, version, protocol, cache dir,\n"
    "                                 socket (exit 0 when running, 1 when not)\n"
    "  zccache stats [--json]         hits, misses, uncacheable calls by reason, errors,\n"
    "                                 entries and size of the cache\n"
    "  zccache stats --zero           reset the counters\n"
    "  zccache clear                  remove every cached entry (counters are kept)\n"
    "  zccache trim SIZE              evict the least valuable entries now, down to SIZE\n"
    "  zccache verify [--repair] [--json]\n"
    "                                 check every blob, result and manifest of the store and the\n"
    "                                 index (exit 1 on a problem); --repair removes what is damaged\n"
    "                                 (bytes, or with K, M, G: e.g. 2G)\n"
    "  zccache config [--json]        every daemon setting, its value and where it came from\n"
    "  zccache explain [--json] FILE  why the latest compile of an object or source missed or\n"
    "                                 was not cached: the header, argument, variable or\n"
    "                                 compiler that changed\n"
    "  zccache journal [-n N] [--outcome hit|miss|uncacheable|error] [--file F] [--json]\n"
    "                                 the latest compile requests (logs/compile_journal.jsonl)\n"
    "  zccache session-start [--journal FILE.jsonl]\n"
    "                                 start counting a build: prints JSON with session_id;\n"
    "                                 compiles with ZCCACHE_SESSION_ID=<id> count toward it\n"
    "  zccache session-stats [--json] ID   a session's counters so far\n"
    "  zccache session-end [--json] ID     end a session and print its counters\n"
    "  zccache sessions [--json]      open sessions\n"
    "  zccache shell                  interactive admin session (help, completion, history)\n"
    "  zccache --version              print the version\n"
    "  zccache --help                 print this help\n"
    "\n"
    "Environment:\n"
    "  ZCCACHE_CACHE_DIR          cache directory (default ~/.zccache); holds daemon.sock,\n"
    "                             daemon.lock, logs/\n"
    "  ZCCACHE_DISABLE=1          never contact the daemon: run the compiler directly\n"
    "  ZCCACHE_STRICT=1           if the daemon cannot be reached, exit 125 instead of\n"
    "                             running the compiler directly\n"
    "  ZCCACHE_START_TIMEOUT_MS   how long to wait for a daemon to answer (default 10000); after a\n"
    "                             daemon exits while starting, compiles start none for 10 s\n"
    "  ZCCACHE_STOP_TIMEOUT_MS    how long `zccache stop` waits for the daemon (default 600000)\n"
    "  ZCCACHE_IDLE_TIMEOUT_SECS  daemon exits after this long without requests\n"
    "                             (default 3600, 0 = never)\n"
    "  ZCCACHE_REQUEST_TIMEOUT    a client must send its request within this (default 10s)\n"
    "  ZCCACHE_SHUTDOWN_GRACE     how long a stop waits for compiles in flight (default 10m)\n"
    "  ZCCACHE_CACHE_SIZE_BYTES   size budget of the store; least recently used entries go\n"
    "                             first (default 5368709120 = 5 GiB)\n"
    "  ZCCACHE_MAX_JOBS           compiles the daemon runs at once (default: CPU count)\n"
    "  ZCCACHE_SESSION_ID         count this build's compiles toward a session\n"
    "  ZCCACHE_JOURNAL_MAX_BYTES  rotate the compile journal beyond this (default 10 MiB)\n"
    "  ZCCACHE_ACTUATOR_ENABLED   serve Actuator on 127.0.0.1 (default true)\n"
    "  ZCCACHE_ACTUATOR_PORT      its port (default 0 = any free port; see status)\n"
    "  ZCCACHE_ACTUATOR_REQUEST_TIMEOUT  an Actuator client must send its request within\n"
    "                             this (default 10s); the bearer token is in\n"
    "                             <cache dir>/actuator.token (0600)\n"
    "  ZCCACHE_NATIVE_STAT        false: the daemon stats files one at a time in Java\n"
    "                             instead of its stat library (default true)\n"
    "  ZCCACHE_REHEARSE           false: a fresh daemon does not rehearse a small build (cc, ar\n"
    "                             from its PATH, in a scratch store) before its first compile\n"
    "                             (default true)\n"
    "  ZCCACHE_BASE_DIR           a directory, or auto (the git worktree around the cwd):\n"
    "                             paths under it are keyed relative to it, so other\n"
    "                             checkouts hit; compiles get -ffile-prefix-map=<base>=.\n"
    "  ZCCACHE_REMOTE             shared cache behind the local one: redis://[user:pw@]host:port/db,\n"
    "                             rediss://..., redis+cluster://host:port,host:port,\n"
    "                             http(s)://host/prefix (WebDAV, bazel-remote)\n"
    "  ZCCACHE_REMOTE_READ_ONLY   true: read the remote, never write it (default false)\n"
    "  ZCCACHE_REMOTE_READ_TIMEOUT   a compile waits this long for a remote read (150ms)\n"
    "  ZCCACHE_REMOTE_WRITE_TIMEOUT  background writes and connecting wait this long (5s)\n"
    "  ZCCACHE_REMOTE_TTL         how long Redis keeps an entry (default 30d)\n"
    "  ZCCACHE_REMOTE_MAX_VALUE_BYTES  largest value read or written (default 64 MiB)\n"
    "  ZCCACHE_REMOTE_QUEUE       entries waiting to be written; beyond it dropped (1000)\n"
    "  ZCCACHE_REMOTE_AUTH_FILE   HTTP credentials file: user:password (basic) or a token\n"
    "  ZCCACHE_REMOTE_BREAKER_OPEN  after failures the remote is not asked for this (30s)\n"
    "  ZCCACHE_JAR                daemon jar (default <prefix>/lib/zccache/zccache.jar)\n"
    "  JAVA_HOME                  Java used to start the daemon (else java on PATH)\n"
    "  ZCCACHE_JVM_OPTS           extra JVM options for the daemon\n"
    "  ZCCACHE_BUILD_VERSION      version the daemon reports (to test replacement)\n"
    "\n"
    "Reasons (zccache stats, explain, journal; each explained in HELP.md):\n"
    "  miss:        new source-changed header-changed header-missing header-shadowed\n"
    "               arguments-changed environment-changed compiler-changed cwd-changed\n"
    "               path-dependent option-input-changed extern-changed env-dep-changed\n"
    "               native-cpu-changed output-path-changed cache-format-changed\n"
    "               context-changed entry-evicted entry-damaged\n"
    "  uncacheable: unknown-compiler not-utf8 stdin-input cwd-unreachable\n"
    "               dependencies-output-env response-file missing-argument unsupported-option\n"
    "               unknown-language informational preprocess-only assembly-output syntax-only\n"
    "               dependency-only link multiple-outputs no-input multiple-inputs\n"
    "               non-source-input precompiled-header output-not-a-file\n"
    "               compiler-unidentified native-cpu-unknown option-input-missing incremental\n"
    "               crate-type-not-cached test-harness not-an-archive-build\n"
    "               nondeterministic-archive rustup-proxy compile-failed output-too-large\n"
    "               no-object unmodelled-output base-in-output dependency-scan-failed\n"
    "               no-dependencies input-missing input-changed-during-compile\n"
    "               assembler-file-input time-macros\n"
    "  error:       lookup-failed cache-failed store-failed scratch-failed\n"
    "\n"
    "Files: <cache dir>/logs/launcher.log (why a compile ran without the daemon),\n"
    "       <cache dir>/logs/daemon.out and daemon.log (daemon output),\n"
    "       <cache dir>/logs/compile_journal.jsonl (one JSON line per compile),\n"
    "       <cache dir>/config/application.yml (settings; see zccache config).\n"
    "See HELP.md for the full manual.\n";

static int env_flag(const char *name) {
    const char *v = getenv(name);
    return v && *v && strcmp(v, "0") != 0;
}

static int start_timeout_ms(void) { return zc_env_int("ZCCACHE_START_TIMEOUT_MS", 10000); }

/* ---- compile ---------------------------------------------------------------------------- */

typedef struct {
    const zc_paths *paths;
    const char *compiler; /* absolute path of the real compiler */
    char **argv;          /* argv[0] = compiler, then the user's arguments; NULL-terminated */
    int argc;
} compile_job;

/*
 * Why the launcher runs the real compiler itself. The first three are by design and leave no
 * trace (a build runs thousands of them); the others are failures to use the daemon: they are
 * written to logs/launcher.log, and with ZCCACHE_STRICT=1 they end in exit 125 instead.
 */
typedef enum {
    RUN_DISABLED,           /* ZCCACHE_DISABLE=1 */
    RUN_NESTED,             /* called by a compiler the daemon runs (ZCCACHE_NESTED) */
    RUN_UNCACHEABLE,        /* the daemon answered RUN_LOCALLY: it cannot cache or reproduce it */
    RUN_NO_CACHE_DIR,       /* no usable cache directory */
    RUN_DAEMON_UNREACHABLE, /* no daemon answered within ZCCACHE_START_TIMEOUT_MS */
    RUN_DAEMON_FAILED       /* the daemon answered, but not with a usable reply */
} run_reason;

static const char *const RUN_REASON_NAMES[] = {"disabled", "nested", "uncacheable", "no-cache-dir",
                                               "daemon-unreachable", "daemon-failed"};

/* The one place the real compiler is run: replaces this process, never returns. */
static void run_real_compiler(const compile_job *job, run_reason why, const char *detail) __attribute__((noreturn));
static void run_real_compiler(const compile_job *job, run_reason why, const char *detail) {
    if (why >= RUN_NO_CACHE_DIR) {
        if (env_flag("ZCCACHE_STRICT")) {
            fprintf(stderr, "zccache: error: %s: %s (ZCCACHE_STRICT=1: not running the compiler)\n",
                    RUN_REASON_NAMES[why], detail);
            exit(EXIT_STRICT);
        }
        zc_log(job->paths, "fallback: %s: %s; running %s directly", RUN_REASON_NAMES[why], detail, job->compiler);
    }
    zc_exec_compiler(job->compiler, job->argv);
}

static void build_compile_frame(const compile_job *job, zc_buf *b) {
    zc_frame_begin(b, ZC_REQ_COMPILE);
    uint8_t flags = 0;
    if (isatty(1)) {
        flags |= ZC_FLAG_STDOUT_TTY;
    }
    if (isatty(2)) {
        flags |= ZC_FLAG_STDERR_TTY;
    }
    zc_buf_u8(b, flags);
    /* umask() can only be read by setting it: set it back at once (single-threaded here). */
    mode_t mask = umask(022);
    umask(mask);
    zc_buf_u16(b, (uint16_t)(mask & 0777));
    zc_buf_str(b, job->compiler);
    char cwd[PATH_MAX];
    zc_buf_str(b, getcwd(cwd, sizeof cwd) ? cwd : "");
    zc_buf_u32(b, (uint32_t)job->argc);
    for (int i = 0; i < job->argc; i++) {
        zc_buf_str(b, job->argv[i]);
    }
    uint32_t envc = 0;
    for (char **e = environ; *e; e++) {
        envc++;
    }
    zc_buf_u32(b, envc);
    for (char **e = environ; *e; e++) {
        zc_buf_str(b, *e);
    }
    zc_frame_end(b);
}

typedef enum { CALL_RETRY, CALL_UNREACHABLE, CALL_FAILED } call_outcome;

/* Error frame: u16 code, u32 daemon pid, str daemon version, str message. */
typedef struct {
    uint16_t code;
    pid_t pid;
    char version[64];
    char message[512];
} daemon_error;

static void parse_error(const zc_frame *f, daemon_error *e) {
    zc_cursor c = {f->payload, f->len, 1};
    uint32_t n;
    e->code = zc_get_u16(&c);
    e->pid = (pid_t)zc_get_u32(&c);
    const unsigned char *v = zc_get_bytes(&c, &n);
    snprintf(e->version, sizeof e->version, "%.*s", (int)n, (const char *)v);
    const unsigned char *m = zc_get_bytes(&c, &n);
    snprintf(e->message, sizeof e->message, "%.*s", (int)n, (const char *)m);
    if (!c.ok) {
        e->code = ZC_ERR_MALFORMED;
        snprintf(e->message, sizeof e->message, "malformed error frame from daemon");
    }
}

/*
 * One attempt through the daemon, on fd when it is connected already (else it connects, starting
 * a daemon if none answers). Exits on success; returns what to do otherwise.
 */
static call_outcome compile_once(const compile_job *job, int fd, char *why, size_t whylen) {
    char err[512];
    if (fd < 0) {
        fd = zc_connect_or_start(job->paths, start_timeout_ms(), 0, err, sizeof err);
    }
    if (fd < 0) {
        snprintf(why, whylen, "%s", err);
        return CALL_UNREACHABLE;
    }
    zc_buf b;
    zc_buf_init(&b);
    build_compile_frame(job, &b);
    if (b.len - 4 > ZC_MAX_FRAME_BYTES) {
        snprintf(why, whylen, "request of %zu bytes is over the frame limit", b.len);
        return CALL_FAILED;
    }
    if (zc_send_all(fd, b.data, b.len) != 0) {
        snprintf(why, whylen, "sending to daemon failed: %s", strerror(errno));
        close(fd);
        return CALL_FAILED;
    }
    zc_buf_free(&b);
    zc_reader r = {0};
    zc_frame f;
    for (;;) {
        int rc = zc_read_frame(fd, &r, &f);
        if (rc <= 0) {
            snprintf(why, whylen, "daemon connection lost before the exit status");
            close(fd);
            return CALL_FAILED;
        }
        switch (f.type) {
        case ZC_REP_STDOUT:
            zc_send_all(1, f.payload, f.len);
            break;
        case ZC_REP_STDERR:
            zc_send_all(2, f.payload, f.len);
            break;
        case ZC_REP_EXIT: {
            zc_cursor c = {f.payload, f.len, 1};
            uint32_t status = zc_get_u32(&c);
            if (!c.ok) {
                snprintf(why, whylen, "malformed exit frame");
                close(fd);
                return CALL_FAILED;
            }
            exit((int)(status & 0xff));
        }
        case ZC_REP_RUN_LOCALLY:
            /* Not a compile the daemon runs (unknown program, stdin input...): not an error. */
            close(fd);
            run_real_compiler(job, RUN_UNCACHEABLE, "");
        case ZC_REP_ERROR: {
            daemon_error e;
            parse_error(&f, &e);
            close(fd);
            if (e.code == ZC_ERR_VERSION_MISMATCH) {
                zc_log(job->paths, "replacing daemon pid %d of version %s", (int)e.pid, e.version);
                zc_terminate_daemon(job->paths, e.pid, start_timeout_ms());
                snprintf(why, whylen, "daemon version %s did not go away", e.version);
                return CALL_RETRY;
            }
            if (e.code == ZC_ERR_SHUTTING_DOWN) {
                zc_wait_daemon_gone(job->paths, start_timeout_ms());
                snprintf(why, whylen, "daemon was shutting down");
                return CALL_RETRY;
            }
            snprintf(why, whylen, "daemon error %u: %s", e.code, e.message);
            return CALL_FAILED;
        }
        default:
            snprintf(why, whylen, "unexpected frame type 0x%02x from daemon", (unsigned char)f.type);
            close(fd);
            return CALL_FAILED;
        }
    }
}

/* no_cache_dir: why there is no usable cache dir, or NULL when there is one. */
static int run_compile(const zc_paths *p, const char *name, char **args, int nargs, const char *no_cache_dir) {
    /*
     * Connected before the compiler is looked up and the request written: the daemon accepts the
     * connection (on its other core) while this process searches PATH. A daemon that is not
     * running is started later, once there is a compiler to run.
     */
    int early = -1;
    if (!no_cache_dir && !env_flag("ZCCACHE_DISABLE") && !env_flag("ZCCACHE_NESTED")) {
        early = zc_connect(p->socket);
    }
    char compiler[PATH_MAX];
    if (zc_which(p, name, compiler, sizeof compiler) != 0) {
        if (early >= 0) {
            close(early);
        }
        fprintf(stderr, "zccache: %s: compiler not found%s\n", name,
                strchr(name, '/') ? "" : " on PATH (zccache itself is skipped)");
        return 127;
    }
    char **argv = calloc((size_t)nargs + 2, sizeof *argv);
    if (!argv) {
        return 127;
    }
    argv[0] = compiler;
    for (int i = 0; i < nargs; i++) {
        argv[i + 1] = args[i];
    }
    compile_job job = {p, compiler, argv, nargs + 1};
    if (env_flag("ZCCACHE_DISABLE")) {
        run_real_compiler(&job, RUN_DISABLED, "");
    }
    /* A compiler run by the daemon that calls zccache again must not loop through it. */
    if (env_flag("ZCCACHE_NESTED")) {
        run_real_compiler(&job, RUN_NESTED, "");
    }
    if (no_cache_dir) {
        run_real_compiler(&job, RUN_NO_CACHE_DIR, no_cache_dir);
    }
    char why[600] = "";
    call_outcome outcome = CALL_RETRY;
    for (int attempt = 0; attempt < 2 && outcome == CALL_RETRY; attempt++) {
        outcome = compile_once(&job, attempt == 0 ? early : -1, why, sizeof why);
    }
    run_real_compiler(&job, outcome == CALL_UNREACHABLE ? RUN_DAEMON_UNREACHABLE : RUN_DAEMON_FAILED, why);
}

/* ---- admin ------------------------------------------------------------------------------ */

/*
 * Sends a request begun in b (and frees b); prints the RESULT text; returns its code, -2 with
 * err_out filled for an error frame, -1 when the daemon did not answer.
 */
static int admin_send(int fd, zc_buf *bp, daemon_error *err_out) {
    zc_buf b = *bp;
    zc_frame_end(&b);
    int sent = zc_send_all(fd, b.data, b.len);
    zc_buf_free(&b);
    if (sent != 0) {
        return -1;
    }
    zc_reader r = {0};
    zc_frame f;
    if (zc_read_frame(fd, &r, &f) != 1) {
        return -1;
    }
    if (f.type == ZC_REP_RESULT) {
        zc_cursor c = {f.payload, f.len, 1};
        uint32_t code = zc_get_u32(&c);
        uint32_t n;
        const unsigned char *text = zc_get_bytes(&c, &n);
        if (!c.ok) {
            return -1;
        }
        zc_send_all(1, text, n);
        free(r.buf);
        return (int)code;
    }
    if (f.type == ZC_REP_ERROR && err_out) {
        parse_error(&f, err_out);
        free(r.buf);
        return -2;
    }
    free(r.buf);
    return -1;
}

/* Sends a simple request (with an optional format byte); see admin_send. */
static int admin_call(int fd, char type, int format, daemon_error *err_out) {
    zc_buf b;
    zc_buf_init(&b);
    zc_frame_begin(&b, type);
    if (format >= 0) {
        zc_buf_u8(&b, (uint8_t)format);
    }
    return admin_send(fd, &b, err_out);
}

static void json_string(const char *s) {
    putchar('"');
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\') {
            printf("\\%c", *c);
        } else if (*c < 0x20) {
            printf("\\u%04x", *c);
        } else {
            putchar(*c);
        }
    }
    putchar('"');
}

static int cmd_status(const zc_paths *p, int json) {
    int fd = zc_connect(p->socket);
    if (fd >= 0) {
        daemon_error e;
        int rc = admin_call(fd, ZC_REQ_STATUS, json ? ZC_FORMAT_JSON : ZC_FORMAT_TEXT, &e);
        close(fd);
        if (rc >= 0) {
            return rc;
        }
        if (rc == -2) {
            fprintf(stderr, "zccache: daemon (pid %d, version %s) answered: %s\n", (int)e.pid, e.version, e.message);
            return 1;
        }
    }
    pid_t pid = zc_daemon_pid(p);
    if (json) {
        printf("{\"running\":false,\"pid\":%d,\"version\":", (int)pid);
        json_string(ZCCACHE_VERSION);
        printf(",\"protocol\":%d,\"cache_dir\":", ZC_PROTOCOL_VERSION);
        json_string(p->cache_dir);
        printf(",\"socket\":");
        json_string(p->socket);
        printf(",\"starting\":%s}\n", pid ? "true" : "false");
    } else {
        printf("zccache daemon: %s\n", pid ? "starting (not answering yet)" : "not running");
        printf("version:   %s (launcher)\nprotocol:  %d\ncache dir: %s\nsocket:    %s\n", ZCCACHE_VERSION,
               ZC_PROTOCOL_VERSION, p->cache_dir, p->socket);
    }
    return 1;
}

static int cmd_start(const zc_paths *p) {
    int fd = zc_connect(p->socket);
    if (fd >= 0) {
        daemon_error e;
        int rc = admin_call(fd, ZC_REQ_PING, -1, &e);
        close(fd);
        if (rc == 0) {
            printf("zccache daemon already running (pid %d)\n", (int)zc_daemon_pid(p));
            return 0;
        }
        if (rc == -2 && e.code == ZC_ERR_VERSION_MISMATCH) {
            printf("replacing zccache daemon %s (pid %d)\n", e.version, (int)e.pid);
            zc_terminate_daemon(p, e.pid, start_timeout_ms());
        }
    }
    char err[512];
    fd = zc_connect_or_start(p, start_timeout_ms(), 1, err, sizeof err);
    if (fd < 0) {
        fprintf(stderr, "zccache: %s\n", err);
        return 1;
    }
    close(fd);
    printf("zccache daemon running (pid %d)\n", (int)zc_daemon_pid(p));
    return 0;
}

/* Commands the daemon answers (stats, clear...): args go as they are; the daemon checks them. */
static int is_daemon_command(const char *cmd) {
    static const char *const names[] = {"stats",         "clear",         "trim",        "verify",   "config",   "explain",
                                        "journal",       "session-start", "session-stats", "session-end",
                                        "sessions",      NULL};
    for (int i = 0; names[i]; i++) {
        if (!strcmp(cmd, names[i])) {
            return 1;
        }
    }
    return 0;
}

static int cmd_daemon(const zc_paths *p, char **args, int nargs) {
    for (int attempt = 0; attempt < 2; attempt++) {
        char err[512];
        int fd = zc_connect_or_start(p, start_timeout_ms(), 1, err, sizeof err);
        if (fd < 0) {
            fprintf(stderr, "zccache: %s\n", err);
            return 1;
        }
        zc_buf b;
        zc_buf_init(&b);
        zc_frame_begin(&b, ZC_REQ_ADMIN);
        zc_buf_u32(&b, (uint32_t)nargs);
        for (int i = 0; i < nargs; i++) {
            zc_buf_str(&b, args[i]);
        }
        char cwd[PATH_MAX];
        zc_buf_str(&b, getcwd(cwd, sizeof cwd) ? cwd : "");
        daemon_error e;
        int rc = admin_send(fd, &b, &e);
        close(fd);
        if (rc >= 0) {
            return rc;
        }
        if (rc == -2 && e.code == ZC_ERR_VERSION_MISMATCH) {
            zc_terminate_daemon(p, e.pid, start_timeout_ms());
            continue;
        }
        if (rc == -2 && e.code == ZC_ERR_SHUTTING_DOWN) {
            zc_wait_daemon_gone(p, start_timeout_ms());
            continue;
        }
        fprintf(stderr, "zccache: %s: %s\n", args[0], rc == -2 ? e.message : "no answer from the daemon");
        return 1;
    }
    fprintf(stderr, "zccache: %s: the daemon was replaced twice; try again\n", args[0]);
    return 1;
}

static int cmd_stop(const zc_paths *p) {
    pid_t pid = zc_daemon_pid(p);
    int fd = zc_connect(p->socket);
    if (fd < 0 && pid == 0) {
        printf("zccache daemon not running\n");
        return 0;
    }
    int asked = 0;
    if (fd >= 0) {
        daemon_error e;
        asked = admin_call(fd, ZC_REQ_STOP, -1, &e) == 0;
        close(fd);
    }
    if (!asked && pid > 0) {
        kill(pid, SIGTERM); /* a daemon of another version, or one that does not answer */
    }
    /* In-flight compiles finish first, so allow as long as a slow compile may take. */
    if (zc_wait_daemon_gone(p, zc_env_int("ZCCACHE_STOP_TIMEOUT_MS", 600000)) != 0) {
        fprintf(stderr, "zccache: daemon (pid %d) did not stop in time\n", (int)pid);
        return 1;
    }
    printf("zccache daemon stopped\n");
    return 0;
}

int main(int argc, char **argv) {
    /* A dead daemon must give us EPIPE, not kill the build's compile step. */
    signal(SIGPIPE, SIG_IGN);
    const char *me = zc_basename(argv[0]);
    zc_paths p;
    char err[PATH_MAX + 128];
    int paths_ok = zc_paths_init(&p, err, sizeof err) == 0;

    if (strcmp(me, "zccache") != 0) {
        /* Masquerade: invoked as gcc (or any other name) through a symlink. */
        return run_compile(&p, me, argv + 1, argc - 1, paths_ok ? NULL : err);
    }
    int first = 1;
    /* `zccache zccache gcc ...` is `zccache gcc ...`. */
    while (first < argc && (strcmp(zc_basename(argv[first]), "zccache") == 0 ||
                            (strchr(argv[first], '/') && paths_ok && zc_is_zccache(&p, argv[first])))) {
        first++;
    }
    if (first >= argc) {
        fputs(USAGE, stderr);
        return 2;
    }
    const char *cmd = argv[first];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(USAGE, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("zccache %s (protocol %d)\n", ZCCACHE_VERSION, ZC_PROTOCOL_VERSION);
        return 0;
    }
    int is_admin = !strcmp(cmd, "start") || !strcmp(cmd, "stop") || !strcmp(cmd, "status") ||
                   !strcmp(cmd, "shell") || is_daemon_command(cmd);
    if (!paths_ok) {
        if (is_admin) {
            fprintf(stderr, "zccache: %s\n", err);
            return 1;
        }
        /* No usable cache dir: the build must still work. */
        return run_compile(&p, cmd, argv + first + 1, argc - first - 1, err);
    }
    if (!strcmp(cmd, "start")) {
        return cmd_start(&p);
    }
    if (!strcmp(cmd, "stop")) {
        return cmd_stop(&p);
    }
    if (!strcmp(cmd, "status")) {
        int json = first + 1 < argc && !strcmp(argv[first + 1], "--json");
        if (first + 1 < argc && !json) {
            fprintf(stderr, "zccache: status: unknown option %s (try --json)\n", argv[first + 1]);
            return 2;
        }
        return cmd_status(&p, json);
    }
    if (is_daemon_command(cmd)) {
        return cmd_daemon(&p, argv + first, argc - first);
    }
    if (!strcmp(cmd, "shell")) {
        /* the shell talks to a running daemon: start it now, while the JVM is not yet loading */
        char serr[512];
        int fd = zc_connect_or_start(&p, start_timeout_ms(), 1, serr, sizeof serr);
        if (fd < 0) {
            fprintf(stderr, "zccache: %s\n", serr);
            return 1;
        }
        close(fd);
        zc_exec_shell(&p, argv + first + 1, argc - first - 1);
    }
    if (cmd[0] == '-') {
        fprintf(stderr, "zccache: unknown option %s (see zccache --help)\n", cmd);
        return 2;
    }
    return run_compile(&p, cmd, argv + first + 1, argc - first - 1, NULL);
}
