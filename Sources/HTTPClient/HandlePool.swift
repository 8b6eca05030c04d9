import CCurl
import Synchronization

/// Idle easy handles, so that consecutive requests (Kaltura's upload chunks) reuse a
/// connection and its TLS session instead of opening new ones. A call checks a handle out,
/// owns it alone for the whole call (every redirect hop), and checks it back in reset.
final class HandlePool: Sendable {
    private let idle = Mutex<[EasyHandle]>([])
    /// Idle handles kept at most; more are cleaned up. Each holds a few open connections.
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func checkOut() throws(HTTPClientError) -> EasyHandle {
        if let handle = idle.withLock({ $0.popLast() }) { return handle }
        guard let handle = EasyHandle() else {
            throw .transport(code: Int(CURLE_FAILED_INIT.rawValue), message: "curl_easy_init failed")
        }
        return handle
    }

    /// Resets `handle` (dropping every pointer into the finished call) and keeps it when there
    /// is room; otherwise it is cleaned up here, outside the lock.
    func checkIn(_ handle: EasyHandle) {
        guard (try? handle.reset()) != nil else { return }
        idle.withLock { handles in
            if handles.count < capacity { handles.append(handle) }
        }
    }
}
