#ifndef CSHIMS_H
#define CSHIMS_H

/// C helpers for APIs Swift cannot import directly: macros and variadic functions.

/// Number of CPUs this process may run on (sched_getaffinity + CPU_COUNT), at least 1.
/// Unlike sysconf(_SC_NPROCESSORS_ONLN) this honours `taskset` and container CPU sets.
int z2k_available_cpus(void);

/// Blocks SIGTERM, SIGINT, SIGHUP and SIGPIPE in the calling thread (and the threads it starts
/// later) and returns a signalfd that reports the first three; -1 with errno on failure.
/// SIGPIPE stays blocked so that a peer closing a socket never kills the process.
int z2k_signalfd_for_shutdown(void);

/// Unblocks the signals `z2k_signalfd_for_shutdown` blocked: for a child process after fork.
void z2k_unblock_shutdown_signals(void);

#endif
