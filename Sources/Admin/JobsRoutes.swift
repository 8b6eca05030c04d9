import HTTPServer
import Jobs
import Platform

/// The jobs API (admin token): `GET /jobs` (filtered, paged), `GET /jobs/{id}` (files and
/// history), `POST /jobs/{id}/retry` and `POST /jobs/{id}/cancel`.
///
/// Input is checked on the event loop (cheap, and a 400 needs no store); the store blocks, so
/// everything that reads or changes it runs on a background queue and answers through the
/// responder.
public struct JobsRoutes: Sendable {
    let auth: AdminAuth
    let store: any JobStore & JobAdministration
    let now: @Sendable () -> Int64
    let retried: @Sendable () -> Void

    /// - Parameters:
    ///   - now: the wall clock in milliseconds since the epoch (tests pass their own).
    ///   - retried: called after an admin retry queued a job (the worker pool's wake-up).
    public init(auth: AdminAuth, store: any JobStore & JobAdministration, now: @escaping @Sendable () -> Int64 = epochMilliseconds,
                retried: @escaping @Sendable () -> Void = {}) {
        self.auth = auth
        self.store = store
        self.now = now
        self.retried = retried
    }

    public func register(on router: inout Router) {
        let routes = self
        router.add("GET", "/jobs", handler: auth.protect { request, responder in routes.list(request, responder) })
        router.add("GET", "/jobs/{id}", handler: auth.protect { request, responder in routes.detail(request, responder) })
        router.add("POST", "/jobs/{id}/retry", bodyLimit: RulesRoutes.bodyLimit, handler: auth.protect { request, responder in
            routes.change(request, responder, action: .retry)
        })
        router.add("POST", "/jobs/{id}/cancel", bodyLimit: RulesRoutes.bodyLimit, handler: auth.protect { request, responder in
            routes.change(request, responder, action: .cancel)
        })
    }

    func list(_ request: Request, _ responder: Responder) -> Reply {
        let query: JobQuery
        do throws(BadInput) { query = try Self.query(request.head.query) } catch { return .now(error.response) }
        let store = self.store
        return Reply.background(responder) {
            do throws(JobStoreError) {
                let page = try store.listJobs(query)
                return AdminJSON.response(JobPageView(jobs: page.jobs.map(JobView.init), nextCursor: page.nextCursor))
            } catch {
                return AdminJSON.storeFailure(error)
            }
        }
    }

    func detail(_ request: Request, _ responder: Responder) -> Reply {
        let id: Int64
        do throws(BadInput) { id = try AdminInput.jobID(request.pathParameters["id"]) } catch { return .now(error.response) }
        let store = self.store
        return Reply.background(responder) { Self.detailResponse(id: id, store: store) }
    }

    /// The job with its files and history, or the store's refusal.
    static func detailResponse(id: Int64, store: any JobStore & JobAdministration) -> Response {
        do throws(JobStoreError) {
            guard let job = try store.job(id: id) else { return AdminJSON.storeFailure(.notFound(id)) }
            return AdminJSON.response(JobDetailView(job, events: try store.events(jobID: id)))
        } catch {
            return AdminJSON.storeFailure(error)
        }
    }

    enum Action: String {
        case retry, cancel

        /// Why the action does not apply, for a 409.
        func refusal(id: Int64, state: JobState) -> String {
            switch self {
            case .retry: "job \(id) is \(state.rawValue); only failed, skipped, held or waiting jobs can be retried"
            case .cancel: "job \(id) is \(state.rawValue); only queued, waiting, running or failed jobs can be cancelled"
            }
        }
    }

    func change(_ request: Request, _ responder: Responder, action: Action) -> Reply {
        let id: Int64
        do throws(BadInput) { id = try AdminInput.jobID(request.pathParameters["id"]) } catch { return .now(error.response) }
        let store = self.store
        let now = self.now()
        let retried = self.retried
        return Reply.background(responder) {
            do throws(JobStoreError) {
                switch action {
                case .retry:
                    _ = try store.retryJob(id: id, now: now)
                    retried()
                case .cancel:
                    _ = try store.cancelJob(id: id, now: now)
                }
            } catch {
                if case .invalidState(let id, let state) = error {
                    return .error(.conflict, code: "invalid_state", detail: action.refusal(id: id, state: state))
                }
                return AdminJSON.storeFailure(error)
            }
            return Self.detailResponse(id: id, store: store)
        }
    }

    /// `state` (repeated or comma-separated), `host`, `since` (RFC 3339 or epoch ms), `limit`
    /// (1…500, default 50), `cursor` (from `next_cursor`). Anything else is refused.
    static func query(_ text: Substring?) throws(BadInput) -> JobQuery {
        var query = JobQuery()
        var seen = Set<String>()
        for (name, value) in try AdminInput.queryItems(text) {
            guard ["state", "host", "since", "limit", "cursor"].contains(name) else {
                throw BadInput("unknown_parameter",
                               "\"\(name.prefix(40))\" is not a parameter of /jobs; use state, host, since, limit, cursor")
            }
            if name != "state", !seen.insert(name).inserted {
                throw BadInput("bad_\(name)", "give \(name) once")
            }
            switch name {
            case "state":
                for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                    guard let state = JobState(rawValue: String(item)) else {
                        let known = JobState.allCases.map(\.rawValue).joined(separator: ", ")
                        throw BadInput("bad_state", "\"\(item.prefix(40))\" is not a job state; use \(known)")
                    }
                    if !query.states.contains(state) { query.states.append(state) }
                }
            case "host":
                guard AdminInput.isEmail(value) else {
                    throw BadInput("bad_host", "host is the host's email address (one @, no spaces, at most 254 characters)")
                }
                query.host = value
            case "since":
                guard let since = AdminInput.time(value) else {
                    throw BadInput("bad_since", "since is an RFC 3339 time (2026-05-28T10:00:00Z) or milliseconds since the epoch")
                }
                query.since = since
            case "limit":
                guard let limit = AdminInput.positiveInteger(value), limit <= 500 else {
                    throw BadInput("bad_limit", "limit is a whole number from 1 to 500")
                }
                query.limit = Int(limit)
            case "cursor":
                guard let cursor = AdminInput.positiveInteger(value) else {
                    throw BadInput("bad_cursor", "cursor is the next_cursor of the previous page, a positive integer")
                }
                query.cursor = cursor
            default:
                break
            }
        }
        return query
    }
}
