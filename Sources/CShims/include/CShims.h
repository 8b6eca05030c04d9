#ifndef CSHIMS_H
#define CSHIMS_H

/// C helpers for APIs Swift cannot import directly: macros and variadic functions, plus the
/// Linux headers Glibc's Swift module leaves out (epoll, eventfd, signalfd).
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <netinet/tcp.h>

/// Number of CPUs this process may run on (sched_getaffinity + CPU_COUNT), at least 1.
/// Unlike sysconf(_SC_NPROCESSORS_ONLN) this honours `taskset` and container CPU sets.
int z2k_available_cpus(void);

/// Blocks SIGTERM, SIGINT, SIGHUP and SIGPIPE in the calling thread (and the threads it starts
/// later) and returns a signalfd that reports the first three; -1 with errno on failure.
/// SIGPIPE stays blocked so that a peer closing a socket never kills the process.
int z2k_signalfd_for_shutdown(void);

/// Unblocks the signals `z2k_signalfd_for_shutdown` blocked: for a child process after fork.
void z2k_unblock_shutdown_signals(void);

/// socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0).
int z2k_stream_socket(int family);

/// accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC): accept4 needs _GNU_SOURCE.
int z2k_accept(int listener);

#endif
