#if canImport(Glibc)
import Glibc
#endif
import CShims
import HTTP1
import Platform

/// One epoll instance on one thread, owning the connections it accepted.
///
/// Invariant behind `@unchecked Sendable`: once `run()` has started, every stored `var` is read
/// and written only on the loop's own thread. Other threads reach the loop only through
/// `mailbox`, which is Sendable on its own.
final class EventLoop: @unchecked Sendable {
    let mailbox: Mailbox
    let core: ServerCore
    let epollFD: Int32
    let timeouts: ConnectionTimeouts

    var connections: [Connection?] = []
    var liveConnections = 0
    var nextGeneration: UInt32 = 1
    var accepting = true
    var acceptPausedUntil: Int64?
    var draining = false
    /// When draining, the moment to stop waiting for in-flight requests.
    var forceCloseAt = Int64.max
    var date = DateHeader()
    /// Reused for every read: a fresh request is parsed straight out of it, without a copy.
    let readBuffer: UnsafeMutableRawBufferPointer

    static let mailboxToken = UInt64.max
    static let listenerToken = UInt64.max - 1
    static let readBufferSize = 64 * 1024
    /// Reads per connection per wake-up, so one fast client cannot starve the others.
    static let maxReadsPerWake = 4
    /// Accepts per wake-up: enough to absorb a burst, bounded so requests keep flowing.
    static let maxAcceptsPerWake = 128
    static let scanInterval: Int64 = 250_000_000
    static let maxLingerBytes = 8 * 1024 * 1024

    static let readInterest = EPOLLIN.rawValue | EPOLLRDHUP.rawValue
    static let writeInterest = EPOLLOUT.rawValue

    init(core: ServerCore) throws(IOError) {
        self.core = core
        self.mailbox = try Mailbox()
        self.timeouts = ConnectionTimeouts(core.configuration)
        self.epollFD = Int32(try syscallBlocking("epoll_create1") { Int(epoll_create1(Int32(EPOLL_CLOEXEC))) })
        self.readBuffer = .allocate(byteCount: Self.readBufferSize, alignment: 16)
        try register(fd: mailbox.eventFD, events: EPOLLIN.rawValue, token: Self.mailboxToken)
        // EPOLLEXCLUSIVE: one loop is woken per incoming connection, not all of them.
        try register(fd: core.listenerFD, events: EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue, token: Self.listenerToken)
    }

    deinit {
        readBuffer.deallocate()
        close(epollFD)
    }

    /// Runs until a drain has completed or a force-close has emptied the loop.
    func run() {
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        var nextScan = monotonicNanos() + Self.scanInterval
        while !(draining && liveConnections == 0) {
            let count = events.withUnsafeMutableBufferPointer { buffer in
                epoll_wait(epollFD, buffer.baseAddress, Int32(buffer.count), 250)
            }
            if count < 0 {
                precondition(errno == EINTR, "epoll_wait failed: errno \(errno)")
                continue
            }
            let now = monotonicNanos()
            // Messages first: a drain posted before a request's last bytes arrived must apply
            // to that request's response (Connection: close), whatever order epoll reports.
            for i in 0..<Int(count) where events[i].data.u64 == Self.mailboxToken {
                handle(events: events[i].events, token: events[i].data.u64, now: now)
            }
            for i in 0..<Int(count) where events[i].data.u64 != Self.mailboxToken {
                handle(events: events[i].events, token: events[i].data.u64, now: now)
            }
            if now >= nextScan {
                scanTimeouts(now: now)
                nextScan = now + Self.scanInterval
            }
        }
        stopAccepting()
    }

    private func handle(events: UInt32, token: UInt64, now: Int64) {
        if token == Self.mailboxToken {
            for message in mailbox.drain() { handle(message, now: now) }
            return
        }
        if token == Self.listenerToken {
            if accepting, acceptPausedUntil == nil { acceptConnections(now: now) }
            return
        }
        let fd = Int32(bitPattern: UInt32(truncatingIfNeeded: token))
        guard let connection = connection(fd: fd, generation: UInt32(token >> 32)) else { return }
        if events & EPOLLERR.rawValue != 0 {
            closeConnection(connection)
            return
        }
        if events & EPOLLOUT.rawValue != 0 {
            flush(connection, now: now)
            guard isOpen(connection) else { return }
            drainInbound(connection, now: now)
        }
        if events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue) != 0, isOpen(connection) {
            readable(connection, hangUp: events & EPOLLHUP.rawValue != 0, now: now)
        }
    }

    private func handle(_ message: Mailbox.Message, now: Int64) {
        switch message {
        case .deliver(let fd, let generation, let response):
            guard let connection = connection(fd: fd, generation: generation),
                  case .awaiting = connection.phase else { return }
            send(response, on: connection, now: now)
            if isOpen(connection) { drainInbound(connection, now: now) }
        case .drain(let forceAt):
            guard !draining else { return }
            draining = true
            forceCloseAt = forceAt
            stopAccepting()
            for case let connection? in connections where connection.phase.isIdle {
                closeConnection(connection)
            }
        case .forceClose:
            draining = true
            stopAccepting()
            for case let connection? in connections { closeConnection(connection) }
        }
    }

    // MARK: - Connections table

    func connection(fd: Int32, generation: UInt32) -> Connection? {
        guard fd >= 0, Int(fd) < connections.count, let connection = connections[Int(fd)],
              connection.generation == generation else { return nil }
        return connection
    }

    func isOpen(_ connection: Connection) -> Bool {
        Int(connection.fd) < connections.count && connections[Int(connection.fd)] === connection
    }

    func closeConnection(_ connection: Connection) {
        guard isOpen(connection) else { return }
        connections[Int(connection.fd)] = nil
        liveConnections -= 1
        core.openConnections.subtract(1, ordering: .relaxed)
        // close(2) also removes the fd from the epoll set: it is never dup'ed.
        close(connection.fd)
    }

    /// Registers the events the connection's state calls for, if they changed.
    func updateInterest(_ connection: Connection) {
        var wanted: UInt32 = 0
        switch connection.phase {
        case .idle, .head, .body, .lingering: wanted = Self.readInterest
        case .awaiting, .writing: wanted = 0
        }
        if connection.hasPendingOutput { wanted |= Self.writeInterest }
        guard wanted != connection.interest else { return }
        var event = epoll_event(events: wanted, data: epoll_data_t(u64: connection.token))
        if epoll_ctl(epollFD, EPOLL_CTL_MOD, connection.fd, &event) == 0 {
            connection.interest = wanted
        } else {
            closeConnection(connection)
        }
    }

    private func register(fd: Int32, events: UInt32, token: UInt64) throws(IOError) {
        var event = epoll_event(events: events, data: epoll_data_t(u64: token))
        try syscallBlocking("epoll_ctl(ADD)") { Int(epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event)) }
    }

    // MARK: - Accepting

    private func acceptConnections(now: Int64) {
        for _ in 0..<Self.maxAcceptsPerWake {
            let result: IOResult<Int>
            do throws(IOError) {
                result = try syscall("accept4") {
                    Int(z2k_accept(core.listenerFD))
                }
            } catch {
                switch error.errno {
                case ECONNABORTED, EPROTO, EPERM:
                    continue  // that one connection failed; the listener is fine
                default:
                    // Out of descriptors or memory: back off so level-triggered epoll does not spin.
                    core.logger.warning("accept failed; pausing accepts for 100 ms", ["error": .string("\(error)")])
                    pauseAccepting(now: now)
                    return
                }
            }
            guard case .done(let raw) = result else { return }
            let fd = Int32(raw)
            if core.openConnections.load(ordering: .relaxed) >= core.configuration.maxConnections {
                refuse(fd)
                continue
            }
            core.openConnections.add(1, ordering: .relaxed)
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            adopt(fd: fd, now: now)
        }
    }

    private func adopt(fd: Int32, now: Int64) {
        let generation = nextGeneration
        nextGeneration = nextGeneration == UInt32.max ? 1 : nextGeneration + 1
        let connection = Connection(fd: fd, generation: generation, limits: core.configuration.limits,
                                    now: now, interest: Self.readInterest)
        if Int(fd) >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: Int(fd) + 1 - connections.count))
        }
        connections[Int(fd)] = connection
        liveConnections += 1
        var event = epoll_event(events: Self.readInterest, data: epoll_data_t(u64: connection.token))
        if epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) != 0 { closeConnection(connection) }
    }

    private func refuse(_ fd: Int32) {
        _ = ServerCore.refusal.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        close(fd)
    }

    private func pauseAccepting(now: Int64) {
        guard acceptPausedUntil == nil else { return }
        acceptPausedUntil = now + 100_000_000
        epoll_ctl(epollFD, EPOLL_CTL_DEL, core.listenerFD, nil)
    }

    private func resumeAcceptingIfDue(now: Int64) {
        guard let until = acceptPausedUntil, now >= until, accepting else { return }
        acceptPausedUntil = nil
        try? register(fd: core.listenerFD, events: EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue, token: Self.listenerToken)
    }

    /// Stops watching the listener; the last loop to do so closes it, so no loop ever accepts
    /// on a closed descriptor.
    private func stopAccepting() {
        guard accepting else { return }
        accepting = false
        if acceptPausedUntil == nil { epoll_ctl(epollFD, EPOLL_CTL_DEL, core.listenerFD, nil) }
        if core.loopsAccepting.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
            close(core.listenerFD)
        }
    }

    // MARK: - Timeouts

    private func scanTimeouts(now: Int64) {
        resumeAcceptingIfDue(now: now)
        if now >= forceCloseAt {
            for case let connection? in connections { closeConnection(connection) }
            return
        }
        for case let connection? in connections {
            switch timeouts.action(for: connection.phase, now: now) {
            case .none:
                break
            case .close:
                closeConnection(connection)
            case .requestTimeout:
                fail(connection, with: .error(.requestTimeout, detail: "the request was not received in time"), now: now)
            case .handlerTimeout:
                connection.closeAfterResponse = true
                send(.error(.serviceUnavailable, detail: "the request took too long to answer; retry later",
                            headers: [("Retry-After", "5")]), on: connection, now: now)
            }
        }
    }
}

extension ConnectionPhase {
    var isIdle: Bool {
        if case .idle = self { return true }
        return false
    }
}
