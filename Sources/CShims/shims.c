#define _GNU_SOURCE
#include "CShims.h"
#include <sched.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <pthread.h>
#include <sys/socket.h>

int z2k_available_cpus(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) return 1;
    int n = CPU_COUNT(&set);
    return n > 0 ? n : 1;
}

static void shutdown_set(sigset_t *set) {
    sigemptyset(set);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGHUP);
}

int z2k_signalfd_for_shutdown(void) {
    sigset_t set;
    shutdown_set(&set);
    sigset_t blocked = set;
    sigaddset(&blocked, SIGPIPE);
    if (pthread_sigmask(SIG_BLOCK, &blocked, NULL) != 0) return -1;
    return signalfd(-1, &set, SFD_CLOEXEC);
}

void z2k_unblock_shutdown_signals(void) {
    sigset_t set;
    shutdown_set(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

int z2k_stream_socket(int family) {
    return socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

int z2k_accept(int listener) {
    return accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
}
