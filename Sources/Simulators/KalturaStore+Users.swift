/// `user.get/add/list` (BLOCKED users included, DELETED excluded) and `groupUser.list`.
extension KalturaStore {
    func user(action: String, params: KalturaParams, session: KalturaSession) -> Outcome {
        let now = Self.now()
        switch action {
        case "get":
            let id = params.string("userId") ?? session.userID
            if id != session.userID, !session.isAdmin { return .failure(.invalidUserID) }
            return state.withLock { state in
                guard let user = state.users[id], user.status != 2 else { return .failure(.invalidUserID) }
                return .success(user.json(partnerID: partnerID))
            }
        case "add":
            guard session.isAdmin else {
                return .failure(KalturaError("SERVICE_FORBIDDEN", "The access to service [user->add] is forbidden",
                                             args: ["SERVICE": "user->add"]))
            }
            guard let fields = params.object("user") else { return .failure(.missingParameter("user")) }
            guard let id = fields.scalar("id"), !id.isEmpty else { return .failure(.cannotBeNull("id")) }
            guard Self.validUserID(id) else {
                return .failure(KalturaError("INVALID_FIELD_VALUE", "Invalid value for field [id]", args: ["FIELD_NAME": "id"]))
            }
            return state.withLock { state in
                if let existing = state.users[id], existing.status != 2 { return .failure(.duplicateUser(id)) }
                let user = KalturaUser(id: id, email: fields.scalar("email") ?? "", screenName: fields.scalar("screenName") ?? "",
                                       firstName: fields.scalar("firstName") ?? "", lastName: fields.scalar("lastName") ?? "",
                                       status: fields.scalar("status").flatMap { Int($0) } ?? 1,
                                       isAdmin: fields.scalar("isAdmin").map { KalturaParams.bool($0) } ?? false, createdAt: now)
                state.users[id] = user
                return .success(user.json(partnerID: partnerID))
            }
        case "list":
            let filter = params.object("filter") ?? [:]
            let idEqual = filter.scalar("idEqual")
            let idIn = filter.scalar("idIn").map { $0.split(separator: ",").map(String.init) }
            let emailLike = filter.scalar("emailLike")?.lowercased()
            let emailStarts = filter.scalar("emailStartsWith")?.lowercased()
            let statuses = filter.scalar("statusEqual").map { [$0] } ?? filter.scalar("statusIn").map { $0.split(separator: ",").map(String.init) }
            let (size, index) = Self.page(params.object("pager") ?? [:])
            return state.withLock { state in
                let matches = state.users.values.filter { user in
                    user.status != 2
                        && (idEqual.map { user.id == $0 } ?? true)
                        && (idIn.map { $0.contains(user.id) } ?? true)
                        && (emailLike.map { user.email.lowercased().contains($0) } ?? true)
                        && (emailStarts.map { user.email.lowercased().hasPrefix($0) } ?? true)
                        && (statuses.map { $0.contains(String(user.status)) } ?? true)
                }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
                let page = matches.dropFirst((index - 1) * size).prefix(size)
                return .success(["objectType": "KalturaUserListResponse", "totalCount": matches.count,
                                 "objects": page.map { $0.json(partnerID: partnerID) }] as [String: Any])
            }
        default:
            return .failure(.actionDoesNotExist(action, service: "user"))
        }
    }

    /// ``^[A-Za-z0-9,!#$%&'*+?^_`{|}~.@-]{1,320}$``.
    static func validUserID(_ id: String) -> Bool {
        let allowed = Set(",!#$%&'*+?^_`{|}~.@-".utf8)
        return (1...320).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || allowed.contains(byte)
        }
    }

    func groupUser(action: String, params: KalturaParams) -> Outcome {
        guard action == "list" else { return .failure(.actionDoesNotExist(action, service: "groupUser")) }
        let filter = params.object("filter") ?? [:]
        let userID = filter.scalar("userIdEqual")
        let groupID = filter.scalar("groupIdEqual")
        let (size, index) = Self.page(params.object("pager") ?? [:])
        return state.withLock { state in
            let matches = state.groupMembers.filter { member in
                (userID.map { member.userID == $0 } ?? true) && (groupID.map { member.groupID == $0 } ?? true)
            }
            let page = matches.dropFirst((index - 1) * size).prefix(size)
            return .success(["objectType": "KalturaGroupUserListResponse", "totalCount": matches.count,
                             "objects": page.map { member in
                                 ["objectType": "KalturaGroupUser", "userId": member.userID, "groupId": member.groupID,
                                  "partnerId": partnerID, "status": 1, "creationMode": 1] as [String: Any]
                             }] as [String: Any])
        }
    }
}
