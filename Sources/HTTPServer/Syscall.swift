#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: which call, and errno. Thrown for every failure that is neither a retry
/// (EINTR), nor "would block" (EAGAIN), nor a programmer error (EBADF, EFAULT).
public struct IOError: Error, Sendable, Equatable, CustomStringConvertible {
    public let errno: Int32
    public let call: String

    public init(errno: Int32, call: String) {
        self.errno = errno
        self.call = call
    }

    public var description: String { "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))" }
}

/// The outcome of a non-blocking call.
enum IOResult<T> {
    case done(T)
    case wouldBlock
}

/// The one system-call wrapper (SwiftNIO's discipline): retries EINTR, turns EAGAIN into
/// `.wouldBlock`, treats EBADF and EFAULT as bugs in this program, and throws the rest.
/// - Parameters:
///   - call: the call's name, for the error.
///   - body: performs the call and returns its raw result (negative on failure, errno set).
@inline(__always)
func syscall(_ call: @autoclosure () -> String, _ body: () -> Int) throws(IOError) -> IOResult<Int> {
    while true {
        let result = body()
        if result >= 0 { return .done(result) }
        let err = errno
        switch err {
        case EINTR: continue
        case EAGAIN: return .wouldBlock
        case EBADF, EFAULT: preconditionFailure("\(call()) returned errno \(err): a file descriptor or pointer bug")
        default: throw IOError(errno: err, call: call())
        }
    }
}

/// The same wrapper for calls whose failure never means "would block" (socket, bind, epoll_ctl).
@inline(__always)
@discardableResult
func syscallBlocking(_ call: @autoclosure () -> String, _ body: () -> Int) throws(IOError) -> Int {
    switch try syscall(call(), body) {
    case .done(let n): return n
    case .wouldBlock: throw IOError(errno: EAGAIN, call: call())
    }
}
