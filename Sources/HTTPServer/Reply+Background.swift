import Dispatch

extension Reply {
    /// Runs `work` on a dispatch queue and answers with its response: the one way a handler
    /// does work that blocks (the job store, the Zoom API), which an event loop must not.
    public static func background(_ responder: Responder, qos: DispatchQoS.QoSClass = .default,
                                  _ work: @escaping @Sendable () -> Response) -> Reply {
        DispatchQueue.global(qos: qos).async { responder.respond(work()) }
        return .later
    }
}
