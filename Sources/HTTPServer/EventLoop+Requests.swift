#if canImport(Glibc)
import Glibc
#endif
import CShims
import HTTP1

// The request/response cycle of a connection: read, parse, dispatch, write, repeat.
// One request is answered at a time; pipelined bytes wait in `inbound` until the response is out.
extension EventLoop {
    // MARK: - Reading

    func readable(_ connection: Connection, hangUp: Bool, now: Int64) {
        if case .lingering = connection.phase {
            discardInput(connection)
            return
        }
        guard connection.isReading else {
            // Not reading while a response is pending; a full hang-up means nobody will read it.
            if hangUp { closeConnection(connection) }
            return
        }
        for _ in 0..<Self.maxReadsPerWake {
            let result: IOResult<Int>
            do throws(IOError) {
                result = try syscall("read") { read(connection.fd, readBuffer.baseAddress, readBuffer.count) }
            } catch {
                closeConnection(connection)  // ECONNRESET and the like: the peer is gone
                return
            }
            guard case .done(let count) = result else { return }
            if count == 0 {
                // EOF: nothing more can arrive, so an unfinished request can never complete.
                closeConnection(connection)
                return
            }
            consume(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]), on: connection, now: now)
            // A short read drained the socket; epoll (level-triggered) reports anything newer,
            // so a further read would only return EAGAIN: one syscall per request saved.
            guard isOpen(connection), connection.isReading, count == readBuffer.count else { return }
        }
    }

    /// Parses freshly read bytes. With nothing buffered before them, they are parsed in place
    /// and only an unfinished remainder is copied.
    private func consume(_ bytes: UnsafeRawBufferPointer, on connection: Connection, now: Int64) {
        if case .idle = connection.phase { connection.phase = .head(since: now) }
        if connection.inbound.isEmpty {
            let used = parseAvailable(bytes, on: connection, now: now)
            if used < bytes.count, isOpen(connection) {
                connection.inbound.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[used...]))
            }
        } else {
            connection.inbound.append(contentsOf: bytes)
        }
        drainInbound(connection, now: now)
    }

    /// Parses buffered bytes while the connection is ready for another request: after a
    /// response, pipelined requests are answered in order from here.
    func drainInbound(_ connection: Connection, now: Int64) {
        while isOpen(connection), connection.isReading, !connection.inbound.isEmpty {
            if case .idle = connection.phase { connection.phase = .head(since: now) }
            let used = connection.inbound.withUnsafeBytes { parseAvailable($0, on: connection, now: now) }
            guard isOpen(connection) else { return }
            connection.inbound.removeFirst(used)
            if used == 0 { return }  // the parser needs more than is buffered: wait for the socket
        }
    }

    /// Feeds `input` to the parser until it needs more, a request is complete, or it fails.
    /// - Returns: the bytes consumed.
    private func parseAvailable(_ input: UnsafeRawBufferPointer, on connection: Connection, now: Int64) -> Int {
        var offset = 0
        while true {
            let step = connection.parser.parse(UnsafeRawBufferPointer(rebasing: input[offset...]))
            let start = offset
            offset += step.consumed
            switch step.event {
            case .needMore:
                return offset
            case .head(let head):
                begin(head, on: connection, now: now)
            case .body(let range):
                connection.body.append(contentsOf: UnsafeRawBufferPointer(
                    rebasing: input[(start + range.lowerBound)..<(start + range.upperBound)]))
            case .end:
                dispatch(connection, now: now)
                return offset
            case .error(let error):
                fail(connection, with: .error(error.status, detail: error.description), now: now)
                return offset
            }
        }
    }

    /// A head arrived: find the route now, so that its body limit applies while the body is read.
    private func begin(_ head: RequestHead, on connection: Connection, now: Int64) {
        connection.head = head
        connection.body = []
        connection.match = core.router.match(method: head.method, path: head.path)
        var limit = core.configuration.limits.maxBodyBytes
        if case .found(_, _, let routeLimit?) = connection.match { limit = routeLimit }
        connection.parser.setBodyLimit(limit)
        connection.phase = .body(since: now)
        switch head.framing {
        case .length(let length) where length <= limit:
            connection.body.reserveCapacity(length)
            if head.expectContinue, length > 0 { sendContinue(connection, now: now) }
        case .chunked where head.expectContinue:
            sendContinue(connection, now: now)
        default:
            break
        }
    }

    private func sendContinue(_ connection: Connection, now: Int64) {
        connection.outbound.append(contentsOf: ResponseEncoder.continueResponse)
        flush(connection, now: now)
    }

    // MARK: - Dispatch

    private func dispatch(_ connection: Connection, now: Int64) {
        guard let head = connection.head else { return }
        switch connection.match {
        case .found(let handler, let parameters, _):
            let request = Request(head: head, body: connection.body, pathParameters: parameters)
            connection.body = []
            connection.phase = .awaiting(since: now)
            let responder = Responder(mailbox: mailbox, fd: connection.fd, generation: connection.generation)
            switch handler(request, responder) {
            case .now(let response):
                send(response, on: connection, now: now)
            case .later:
                updateInterest(connection)
            }
        case .methodNotAllowed(let allow):
            send(.error(.methodNotAllowed, detail: "\(head.method) is not allowed here; allowed: \(allow.joined(separator: ", "))",
                        headers: [("Allow", allow.joined(separator: ", "))]), on: connection, now: now)
        case .notFound:
            send(.error(.notFound, detail: "no endpoint at this path"), on: connection, now: now)
        }
    }

    // MARK: - Writing

    /// Encodes and starts writing a response to the current request.
    func send(_ response: Response, on connection: Connection, now: Int64) {
        let head = connection.head
        let close = response.close || connection.closeAfterResponse || draining || !(head?.keepAlive ?? false)
        connection.closeAfterResponse = close
        ResponseEncoder.encodeHead(status: response.status, headers: response.headers,
                                   contentLength: response.stream?.length ?? response.body.count, close: close,
                                   date: date.current(), into: &connection.outbound)
        if head?.method != "HEAD", response.status.code >= 200, response.status.code != 204, response.status.code != 304 {
            if let stream = response.stream {
                connection.stream = stream
                connection.streamOffset = 0
            } else {
                connection.outbound.append(contentsOf: response.body)
            }
        }
        connection.head = nil
        connection.body = []
        connection.phase = .writing(since: now)
        flush(connection, now: now)
    }

    /// Answers a request that cannot be served (bad framing, timeout) and closes, lingering so
    /// that the client can read the answer before the connection goes.
    func fail(_ connection: Connection, with response: Response, now: Int64) {
        connection.closeAfterResponse = true
        connection.lingerAfterResponse = true
        send(response, on: connection, now: now)
    }

    /// Writes as much pending output as the socket takes, producing streamed body pieces as
    /// the previous ones go out.
    func flush(_ connection: Connection, now: Int64) {
        while connection.hasPendingOutput || refill(connection) {
            let result: IOResult<Int>
            do throws(IOError) {
                result = try syscall("send") {
                    connection.outbound.withUnsafeBytes { bytes in
                        Glibc.send(connection.fd, bytes.baseAddress! + connection.outboundOffset,
                             bytes.count - connection.outboundOffset, Int32(MSG_NOSIGNAL))
                    }
                }
            } catch {
                closeConnection(connection)  // EPIPE, ECONNRESET: the client went away
                return
            }
            guard case .done(let written) = result else {
                updateInterest(connection)
                return
            }
            connection.outboundOffset += written
            if case .writing = connection.phase { connection.phase = .writing(since: now) }
        }
        connection.outbound.removeAll(keepingCapacity: connection.outbound.capacity <= 64 * 1024)
        connection.outboundOffset = 0
        if case .writing = connection.phase {
            responseDone(connection, now: now)
        } else {
            updateInterest(connection)
        }
    }

    /// Appends the next piece of a streamed body once the buffer is empty. A piece shorter
    /// than asked ends the body early: the connection closes after it.
    /// - Returns: whether there is output to write.
    private func refill(_ connection: Connection) -> Bool {
        guard let stream = connection.stream, !connection.hasPendingOutput else { return false }
        let remaining = stream.length - connection.streamOffset
        guard remaining > 0 else {
            connection.stream = nil
            return false
        }
        let range = connection.streamOffset..<(connection.streamOffset + min(remaining, BodyStream.pieceSize))
        let piece = stream.produce(range)
        connection.outbound.removeAll(keepingCapacity: true)
        connection.outboundOffset = 0
        connection.outbound.append(contentsOf: piece.prefix(range.count))
        connection.streamOffset += min(piece.count, range.count)
        if piece.count < range.count {
            // Cut short on purpose: what was produced goes out, then the connection closes.
            connection.stream = nil
            connection.closeAfterResponse = true
            connection.lingerAfterResponse = false
        }
        return connection.hasPendingOutput || connection.stream != nil
    }

    private func responseDone(_ connection: Connection, now: Int64) {
        if connection.lingerAfterResponse {
            shutdown(connection.fd, Int32(SHUT_WR))
            connection.phase = .lingering(since: now)
            updateInterest(connection)
            return
        }
        if connection.closeAfterResponse {
            closeConnection(connection)
            return
        }
        connection.phase = .idle(since: now, first: false)
        updateInterest(connection)
    }

    /// Reads and drops what a rejected client still sends, until it closes or sends too much.
    private func discardInput(_ connection: Connection) {
        while true {
            let count = read(connection.fd, readBuffer.baseAddress, readBuffer.count)
            if count > 0 {
                connection.lingerDiscarded += count
                if connection.lingerDiscarded > Self.maxLingerBytes { break }
                continue
            }
            if count < 0, errno == EINTR { continue }
            if count < 0, errno == EAGAIN { return }
            break  // EOF or error
        }
        closeConnection(connection)
    }
}
