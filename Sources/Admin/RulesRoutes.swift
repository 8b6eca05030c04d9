import Config
import Foundation
import HTTPServer
import Jobs
import Platform

/// The owner rules admins keep in the job store (admin token): overrides, host email → Kaltura
/// user id (`/mappings`), and opt-outs, hosts whose recordings are not copied (`/opt-outs`).
/// They add to the rules from `OVERRIDES_FILE` and `OPT_OUT_FILE` and win over them; these
/// endpoints show and change only the stored ones. Emails in paths are percent-decoded and
/// kept lowercased.
///
/// After each change the `changed` callback runs before the answer is sent (the service
/// refreshes the rules its workers use there), so the next copy already follows the change.
public struct RulesRoutes: Sendable {
    /// The largest body these endpoints (and the job actions) accept: 16 KiB.
    public static let bodyLimit = 16 * 1024

    let auth: AdminAuth
    let store: any JobAdministration
    let now: @Sendable () -> Int64
    let changed: @Sendable () -> Void

    /// - Parameters:
    ///   - now: the wall clock in milliseconds since the epoch.
    ///   - changed: called on a background thread after a mapping or opt-out was put or
    ///     deleted, before the answer.
    public init(auth: AdminAuth, store: any JobAdministration, now: @escaping @Sendable () -> Int64 = epochMilliseconds,
                changed: @escaping @Sendable () -> Void = {}) {
        self.auth = auth
        self.store = store
        self.now = now
        self.changed = changed
    }

    struct Mapping: Codable, Equatable {
        var email: String
        var userID: String
    }

    struct MappingList: Encodable {
        var mappings: [Mapping]
    }

    struct OptOut: Codable, Equatable {
        var email: String
    }

    struct OptOutList: Encodable {
        var optOuts: [OptOut]
    }

    public func register(on router: inout Router) {
        let routes = self
        let limit = Self.bodyLimit
        router.add("GET", "/mappings", handler: auth.protect { _, responder in routes.listMappings(responder) })
        router.add("GET", "/mappings/{email}", handler: auth.protect { request, responder in
            routes.withEmail(request, responder) { email in routes.getMapping(email) }
        })
        router.add("PUT", "/mappings/{email}", bodyLimit: limit, handler: auth.protect { request, responder in
            routes.putMapping(request, responder)
        })
        router.add("DELETE", "/mappings/{email}", bodyLimit: limit, handler: auth.protect { request, responder in
            routes.withEmail(request, responder) { email in routes.deleteMapping(email) }
        })
        router.add("GET", "/opt-outs", handler: auth.protect { _, responder in routes.listOptOuts(responder) })
        router.add("GET", "/opt-outs/{email}", handler: auth.protect { request, responder in
            routes.withEmail(request, responder) { email in routes.getOptOut(email) }
        })
        router.add("PUT", "/opt-outs/{email}", bodyLimit: limit, handler: auth.protect { request, responder in
            routes.putOptOut(request, responder)
        })
        router.add("DELETE", "/opt-outs/{email}", bodyLimit: limit, handler: auth.protect { request, responder in
            routes.withEmail(request, responder) { email in routes.deleteOptOut(email) }
        })
    }

    /// Checks the path's email on the event loop, then answers with `work` from a background thread.
    private func withEmail(_ request: Request, _ responder: Responder,
                           _ work: @escaping @Sendable (String) -> Response) -> Reply {
        let email: String
        do throws(BadInput) { email = try AdminInput.email(request.pathParameters["email"]) } catch { return .now(error.response) }
        return Reply.background(responder) { work(email) }
    }

    /// Runs a store call for an answer, mapping its failure.
    private func answer(_ body: () throws(JobStoreError) -> Response) -> Response {
        do throws(JobStoreError) { return try body() } catch { return AdminJSON.storeFailure(error) }
    }

    // MARK: - Mappings

    private func listMappings(_ responder: Responder) -> Reply {
        let routes = self
        return Reply.background(responder) {
            routes.answer { () throws(JobStoreError) in
                let mappings = try routes.store.mappings().map { Mapping(email: $0.key, userID: $0.value) }
                return AdminJSON.response(MappingList(mappings: mappings.sorted { $0.email < $1.email }))
            }
        }
    }

    private func getMapping(_ email: String) -> Response {
        answer { () throws(JobStoreError) in
            guard let userID = try store.mappings()[email] else { return Self.notFound("mapping", email) }
            return AdminJSON.response(Mapping(email: email, userID: userID))
        }
    }

    private func putMapping(_ request: Request, _ responder: Responder) -> Reply {
        let email: String
        let userID: String
        do throws(BadInput) {
            email = try AdminInput.email(request.pathParameters["email"])
            userID = try Self.userID(in: request.body)
        } catch {
            return .now(error.response)
        }
        let routes = self
        let now = self.now()
        return Reply.background(responder) {
            routes.answer { () throws(JobStoreError) in
                try routes.store.putMapping(email: email, userID: userID, now: now)
                routes.changed()
                return AdminJSON.response(Mapping(email: email, userID: userID))
            }
        }
    }

    private func deleteMapping(_ email: String) -> Response {
        answer { () throws(JobStoreError) in
            guard try store.deleteMapping(email: email) else { return Self.notFound("mapping", email) }
            changed()
            return Response(status: .noContent)
        }
    }

    /// `{"user_id": "…"}`: a Kaltura user id, and nothing else.
    static func userID(in body: [UInt8]) throws(BadInput) -> String {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw BadInput("bad_body", "send a JSON object: {\"user_id\": \"<Kaltura user id>\"}")
        }
        if let extra = object.keys.first(where: { $0 != "user_id" }) {
            throw BadInput("bad_body", "\"\(extra.prefix(40))\" is not a field of a mapping; send only user_id")
        }
        guard let userID = object["user_id"] as? String else {
            throw BadInput("bad_user_id", "user_id is missing or not a string")
        }
        guard Configuration.isValidKalturaUserID(userID) else {
            throw BadInput("bad_user_id", "user_id is not a Kaltura user id (1 to 320 letters, digits or any of ,!#$%&'*+?^_`{|}~.@-)")
        }
        return userID
    }

    // MARK: - Opt-outs

    private func listOptOuts(_ responder: Responder) -> Reply {
        let routes = self
        return Reply.background(responder) {
            routes.answer { () throws(JobStoreError) in
                AdminJSON.response(OptOutList(optOuts: try routes.store.optOuts().sorted().map(OptOut.init)))
            }
        }
    }

    private func getOptOut(_ email: String) -> Response {
        answer { () throws(JobStoreError) in
            guard try store.optOuts().contains(email) else { return Self.notFound("opt-out", email) }
            return AdminJSON.response(OptOut(email: email))
        }
    }

    private func putOptOut(_ request: Request, _ responder: Responder) -> Reply {
        let email: String
        do throws(BadInput) {
            email = try AdminInput.email(request.pathParameters["email"])
            try Self.checkEmpty(request.body)
        } catch {
            return .now(error.response)
        }
        let routes = self
        let now = self.now()
        return Reply.background(responder) {
            routes.answer { () throws(JobStoreError) in
                try routes.store.putOptOut(email: email, now: now)
                routes.changed()
                return AdminJSON.response(OptOut(email: email))
            }
        }
    }

    private func deleteOptOut(_ email: String) -> Response {
        answer { () throws(JobStoreError) in
            guard try store.deleteOptOut(email: email) else { return Self.notFound("opt-out", email) }
            changed()
            return Response(status: .noContent)
        }
    }

    /// An opt-out needs no body: none, or an empty JSON object.
    static func checkEmpty(_ body: [UInt8]) throws(BadInput) {
        guard !body.isEmpty else { return }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any], object.isEmpty else {
            throw BadInput("bad_body", "an opt-out takes no body (or {}); the email is in the path")
        }
    }

    static func notFound(_ what: String, _ email: String) -> Response {
        .error(.notFound, code: "\(what.replacingOccurrences(of: "-", with: "_"))_not_found", detail: "there is no stored \(what) for \(email)")
    }
}
