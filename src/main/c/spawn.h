/* Meeting the daemon: connect, start it under a lock, wait for it; running the compiler ourselves. */
#ifndef ZCCACHE_SPAWN_H
#define ZCCACHE_SPAWN_H

#include "paths.h"

#include <stddef.h>
#include <sys/types.h>

/* Connects to the daemon socket; returns the fd or -1 with errno set. */
int zc_connect(const char *socket_path);

/* The pid holding daemon.lock (a live daemon, perhaps still starting), or 0. */
pid_t zc_daemon_pid(const zc_paths *p);

/* How long after a failed start (the daemon exited before answering) compiles start none. */
#define ZC_START_RETRY_MS 10000

/*
 * Returns a connected fd. When nobody answers, one caller (the holder of start.lock) starts
 * the daemon while the others wait; everyone polls the socket until timeout_ms has passed
 * or the daemon it started has died. A daemon that died so is recorded (start.failed), and for
 * ZC_START_RETRY_MS after it a caller that is not `retry` starts none and fails at once: a
 * build's compiles then each run the compiler instead of each paying a start that fails again.
 * On failure returns -1 and says why in err.
 */
int zc_connect_or_start(const zc_paths *p, int timeout_ms, int retry, char *err, size_t errlen);

/* Asks a daemon to go: SIGTERM to pid, then waits for its lock to be released. 0 when gone. */
int zc_terminate_daemon(const zc_paths *p, pid_t pid, int timeout_ms);

/* Waits until no process holds daemon.lock. 0 when free, -1 on timeout. */
int zc_wait_daemon_gone(const zc_paths *p, int timeout_ms);

/* Replaces this process with the compiler. Never returns: exit 127 if exec fails. */
void zc_exec_compiler(const char *path, char **argv) __attribute__((noreturn));

/* Replaces this process with `java -jar zccache.jar shell args...` (the Spring Shell admin session). */
void zc_exec_shell(const zc_paths *p, char **args, int nargs) __attribute__((noreturn));

/* Appends one line to <cache>/logs/launcher.log (best effort). */
void zc_log(const zc_paths *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* $name as a non-negative int, else dflt. */
int zc_env_int(const char *name, int dflt);

long long zc_now_ms(void);

#endif
