#if canImport(Glibc)
import Glibc
#endif
import CShims
import Synchronization

/// How other threads talk to an event loop: a locked queue plus an eventfd that wakes the
/// loop's epoll_wait. Posting never blocks on I/O; the loop drains everything in one wake-up.
final class Mailbox: Sendable {
    enum Message: Sendable {
        /// A late response for the connection registered as `fd` with this generation.
        case deliver(fd: Int32, generation: UInt32, response: Response)
        /// Stop accepting, finish in-flight requests, close idle connections; at `forceAt`
        /// (monotonic ns) close whatever is still open.
        case drain(forceAt: Int64)
        /// Close every connection now.
        case forceClose
    }

    let eventFD: Int32
    private let queue = Mutex<[Message]>([])

    init() throws(IOError) {
        eventFD = Int32(try syscallBlocking("eventfd") { Int(eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))) })
    }

    deinit { close(eventFD) }

    /// Queues a message and wakes the loop. Safe from any thread, including the loop's own.
    func post(_ message: Message) {
        queue.withLock { $0.append(message) }
        var one: UInt64 = 1
        // EAGAIN means the counter is saturated: the loop is already due to wake.
        _ = withUnsafeBytes(of: &one) { write(eventFD, $0.baseAddress, 8) }
    }

    /// Takes every queued message; called by the loop when the eventfd is readable.
    func drain() -> [Message] {
        var counter: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &counter) { read(eventFD, $0.baseAddress, 8) }
        return queue.withLock { messages in
            defer { messages.removeAll(keepingCapacity: true) }
            return messages
        }
    }
}

/// Answers one request later, from any thread. Calling it after the connection closed, or a
/// second time, does nothing: the generation no longer matches a waiting request.
public struct Responder: Sendable {
    let mailbox: Mailbox
    let fd: Int32
    let generation: UInt32

    /// Sends the response for the request this responder was handed with.
    public func respond(_ response: Response) {
        mailbox.post(.deliver(fd: fd, generation: generation, response: response))
    }
}
