#if canImport(Glibc)
import Glibc
#endif
import CShims
import Logging
import Platform
import Synchronization

/// The HTTP/1.1 server: a listening socket shared by one epoll event loop per thread.
///
/// Lifecycle: `init` binds (so the port is known, and a busy port fails early), `start()` runs
/// the loops, `shutdown(gracePeriod:)` drains and then force-closes, `wait()` returns when
/// every loop has stopped.
public final class HTTPServer: Sendable {
    /// The bound address; with port 0 in the configuration, the port the kernel chose.
    public let localAddress: SocketAddress
    private let core: ServerCore
    private let loops: [EventLoop]
    private let threads = Mutex<[pthread_t]>([])
    private let shutdownStarted = Atomic<Bool>(false)

    /// Binds and listens; no connection is accepted before `start()`.
    /// - Throws: `IOError` when the address does not resolve or cannot be bound.
    public init(configuration: ServerConfiguration, router: Router, logger: Logger) throws(IOError) {
        let address = try SocketAddress(host: configuration.host, port: configuration.port)
        let fd = try Self.listen(on: address, backlog: configuration.backlog)
        do throws(IOError) {
            localAddress = try SocketAddress.local(of: fd)
            let loopCount = max(1, configuration.eventLoops)
            core = ServerCore(configuration: configuration, router: router, logger: logger, listenerFD: fd, loops: loopCount)
            var loops: [EventLoop] = []
            for _ in 0..<loopCount { loops.append(try EventLoop(core: core)) }
            self.loops = loops
        } catch {
            close(fd)
            throw error
        }
    }

    /// Starts one thread per event loop and returns at once.
    public func start() {
        threads.withLock { threads in
            precondition(threads.isEmpty, "HTTPServer.start() called twice")
            for loop in loops {
                threads.append(startThread { loop.run() })
            }
        }
    }

    /// Stops accepting, closes idle connections, lets in-flight requests finish, and after
    /// `gracePeriod` closes whatever is left. Safe from any thread; later calls do nothing.
    public func shutdown(gracePeriod: Duration) {
        guard !shutdownStarted.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let forceAt = monotonicNanos() + gracePeriod.nanoseconds
        for loop in loops { loop.mailbox.post(.drain(forceAt: forceAt)) }
    }

    /// Closes every connection now (a second SIGTERM). Safe from any thread.
    public func forceClose() {
        shutdownStarted.store(true, ordering: .releasing)
        for loop in loops { loop.mailbox.post(.forceClose) }
    }

    /// Blocks until every event loop has stopped.
    public func wait() {
        let started = threads.withLock { $0 }
        for thread in started { pthread_join(thread, nil) }
    }

    private static func listen(on address: SocketAddress, backlog: Int32) throws(IOError) -> Int32 {
        let fd = Int32(try syscallBlocking("socket") { Int(z2k_stream_socket(address.family)) })
        do throws(IOError) {
            var one: Int32 = 1
            try syscallBlocking("setsockopt(SO_REUSEADDR)") {
                Int(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size)))
            }
            _ = try address.withSockAddr { (pointer, length) throws(IOError) in
                try syscallBlocking("bind(\(address))") { Int(bind(fd, pointer, length)) }
            }
            try syscallBlocking("listen") { Int(Glibc.listen(fd, backlog)) }
            return fd
        } catch {
            close(fd)
            throw error
        }
    }
}
