#if canImport(Glibc)
import Glibc
#endif
import CShims

/// Turns SIGTERM, SIGINT and SIGHUP into events read from a signalfd, on the main thread.
///
/// `init` must run before any other thread starts: it blocks the signals in the calling thread,
/// and threads created later inherit the mask, so no thread is ever interrupted by them.
struct SignalWatcher: ~Copyable {
    enum Event: Equatable {
        case terminate(Int32)
        case reload
        /// The other descriptor being watched became readable.
        case other
    }

    private let fd: Int32

    init() throws(SignalError) {
        fd = z2k_signalfd_for_shutdown()
        guard fd >= 0 else { throw SignalError(errno: errno) }
    }

    deinit { close(fd) }

    /// Blocks until a signal arrives or `other` becomes readable.
    func next(orReadable other: Int32) -> Event {
        while true {
            var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: other, events: Int16(POLLIN), revents: 0)]
            let n = poll(&fds, 2, -1)
            if n < 0 { continue }  // EINTR
            if fds[1].revents != 0 { return .other }
            var info = signalfd_siginfo()
            let got = read(fd, &info, MemoryLayout<signalfd_siginfo>.size)
            guard got == MemoryLayout<signalfd_siginfo>.size else { continue }
            let signal = Int32(info.ssi_signo)
            return signal == SIGHUP ? .reload : .terminate(signal)
        }
    }
}

/// The signal mask or signalfd could not be set up.
struct SignalError: Error, CustomStringConvertible {
    let errno: Int32
    var description: String { "cannot set up signal handling: errno \(errno)" }
}
