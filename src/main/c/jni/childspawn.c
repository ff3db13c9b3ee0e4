/*
 * libzccache-native: starting a compiler with one posix_spawn (dev.zccache.runner.NativeChild).
 * The JDK starts a process by exec'ing its jspawnhelper, which then execs the program: one exec
 * more per compile (JDK 22+; older JDKs' VFORK mode is deprecated there and gone after 25).
 * glibc's posix_spawn is a vfork-style clone followed by one exec, and reports an exec failure
 * as its return value.
 *
 * The child gets /dev/null as stdin, a pipe each for stdout and stderr, no other descriptor,
 * default signal dispositions and an empty signal mask (as a shell would give it), the given
 * working directory and exactly the given environment.
 */
#include <errno.h>
#include <fcntl.h>
#include <jni.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* NUL-separated strings, `count` of them, into a NULL-terminated vector over one copy. */
static char **vector(JNIEnv *env, jbyteArray bytes, jint count, char **copy) {
    jsize len = (*env)->GetArrayLength(env, bytes);
    *copy = malloc((size_t)len + 1);
    char **v = malloc(sizeof(char *) * ((size_t)count + 1));
    if (!*copy || !v) {
        free(*copy);
        free(v);
        *copy = NULL;
        return NULL;
    }
    (*env)->GetByteArrayRegion(env, bytes, 0, len, (jbyte *)*copy);
    (*copy)[len] = '\0';
    char *p = *copy;
    for (jint i = 0; i < count; i++) {
        if (p > *copy + len) { /* fewer strings than count */
            free(*copy);
            free(v);
            *copy = NULL;
            return NULL;
        }
        v[i] = p;
        p += strlen(p) + 1;
    }
    v[count] = NULL;
    return v;
}

/*
 * Starts argv[0] (a path with a slash). out: pid, stdout's read end, stderr's read end.
 * Returns 0, or an errno value (the exec's own failure too: ENOENT, EACCES...).
 */
JNIEXPORT jint JNICALL Java_dev_zccache_runner_NativeChild_spawn(JNIEnv *env, jclass cls, jbyteArray argvBytes,
                                                                jint argc, jbyteArray envBytes, jint envc,
                                                                jbyteArray cwdBytes, jintArray out) {
    (void)cls;
    if ((*env)->GetArrayLength(env, out) < 3 || argc < 1) {
        return EINVAL;
    }
    char *argvCopy = NULL, *envCopy = NULL, *cwd = NULL;
    char **argv = vector(env, argvBytes, argc, &argvCopy);
    char **envp = vector(env, envBytes, envc, &envCopy);
    char **cwdv = vector(env, cwdBytes, 1, &cwd);
    int rc = 0;
    int outPipe[2] = {-1, -1}, errPipe[2] = {-1, -1};
    if (!argv || !envp || !cwdv) {
        rc = ENOMEM;
        goto done;
    }
    if (pipe2(outPipe, O_CLOEXEC) != 0 || pipe2(errPipe, O_CLOEXEC) != 0) {
        rc = errno;
        goto done;
    }
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2);
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    posix_spawn_file_actions_addchdir_np(&actions, cwd);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid;
    rc = posix_spawn(&pid, argv[0], &actions, &attr, argv, envp);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc == 0) {
        jint fields[3] = {(jint)pid, outPipe[0], errPipe[0]};
        (*env)->SetIntArrayRegion(env, out, 0, 3, fields);
        outPipe[0] = errPipe[0] = -1; /* the caller's now */
    }
done:
    for (int i = 0; i < 2; i++) {
        if (outPipe[i] >= 0) {
            close(outPipe[i]);
        }
        if (errPipe[i] >= 0) {
            close(errPipe[i]);
        }
    }
    free(argv);
    free(envp);
    free(cwdv);
    free(argvCopy);
    free(envCopy);
    free(cwd);
    return rc;
}

/* Reads up to len bytes into buf[off..]: the count, 0 at end of stream, -errno on failure. */
JNIEXPORT jint JNICALL Java_dev_zccache_runner_NativeChild_read(JNIEnv *env, jclass cls, jint fd, jbyteArray buf,
                                                               jint off, jint len) {
    (void)cls;
    char local[64 * 1024];
    if (len > (jint)sizeof local) {
        len = (jint)sizeof local;
    }
    ssize_t n;
    do {
        n = read(fd, local, (size_t)len);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return -errno;
    }
    (*env)->SetByteArrayRegion(env, buf, off, (jsize)n, (const jbyte *)local);
    return (jint)n;
}

JNIEXPORT void JNICALL Java_dev_zccache_runner_NativeChild_close(JNIEnv *env, jclass cls, jint fd) {
    (void)env;
    (void)cls;
    close(fd);
}

/*
 * Waits for the child to end, and with reap, collects it (its pid is free for reuse from then
 * on). Returns its exit status, 128 + the signal that ended it (as a shell and Process do), or
 * -errno.
 */
JNIEXPORT jint JNICALL Java_dev_zccache_runner_NativeChild_await(JNIEnv *env, jclass cls, jint pid, jboolean reap) {
    (void)env;
    (void)cls;
    siginfo_t info;
    memset(&info, 0, sizeof info);
    int rc;
    do {
        rc = waitid(P_PID, (id_t)pid, &info, WEXITED | (reap ? 0 : WNOWAIT));
    } while (rc < 0 && errno == EINTR);
    if (rc < 0) {
        return -errno;
    }
    return info.si_code == CLD_EXITED ? info.si_status : 128 + info.si_status;
}
