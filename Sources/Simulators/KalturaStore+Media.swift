/// `media.*` and `baseEntry.*`: add, addContent, get, list, update, delete.
extension KalturaStore {
    func media(service: String, action: String, params: KalturaParams, session: KalturaSession) -> Outcome {
        let now = Self.now()
        switch action {
        case "add":
            guard let fields = params.object("entry") else { return .failure(.missingParameter("entry")) }
            return addEntry(fields, session: session, now: now)
        case "addcontent":
            guard let entryID = params.string("entryId") else { return .failure(.missingParameter("entryId")) }
            guard let resource = params.object("resource") else { return .failure(.missingParameter("resource")) }
            return addContent(entryID: entryID, resource: resource, now: now)
        case "get":
            guard let entryID = params.string("entryId") else { return .failure(.missingParameter("entryId")) }
            return state.withLock { state in
                guard let entry = state.entries[entryID], entry.status != 3 else { return .failure(.entryNotFound(entryID)) }
                return .success(entry.json(partnerID: partnerID))
            }
        case "list":
            return list(filter: params.object("filter") ?? [:], pager: params.object("pager") ?? [:],
                        objectType: service == "media" ? "KalturaMediaListResponse" : "KalturaBaseEntryListResponse", now: now)
        case "update":
            guard let entryID = params.string("entryId") else { return .failure(.missingParameter("entryId")) }
            let name = service == "media" ? "mediaEntry" : "baseEntry"
            guard let fields = params.object(name) else { return .failure(.missingParameter(name)) }
            return update(entryID: entryID, fields: fields, session: session, now: now)
        case "delete":
            guard let entryID = params.string("entryId") else { return .failure(.missingParameter("entryId")) }
            return state.withLock { state in
                guard var entry = state.entries[entryID], entry.status != 3 else { return .failure(.entryNotFound(entryID)) }
                entry.status = 3
                entry.updatedAt = now
                state.entries[entryID] = entry
                return .success(SimJSON.null)
            }
        default:
            return .failure(.actionDoesNotExist(action, service: service))
        }
    }

    /// The owner a call may set: its own user, or anyone with an admin KS (auto-created).
    private func owner(_ requested: String?, session: KalturaSession, state: inout State, now: Int64) -> Result<String, KalturaError> {
        let owner = requested ?? session.userID
        if owner != session.userID, !session.isAdmin {
            return .failure(.invalidKS(session.raw, code: -4, description: "INVALID_TYPE"))
        }
        if !owner.isEmpty, state.users[owner] == nil {
            state.users[owner] = KalturaUser(id: owner, screenName: owner, createdAt: now)
        }
        return .success(owner)
    }

    private func addEntry(_ fields: [String: Any], session: KalturaSession, now: Int64) -> Outcome {
        if let type = fields.scalar("objectType"), type != "KalturaMediaEntry", type != "KalturaBaseEntry" {
            return .failure(KalturaError("INVALID_OBJECT_TYPE", "Invalid object type \"\(type)\"", args: ["TYPE": type]))
        }
        let mediaType = fields.scalar("mediaType") ?? "1"
        guard let mediaTypeValue = Int(mediaType), [1, 2, 5, 201, 202, 203, 204].contains(mediaTypeValue) else {
            return .failure(.invalidEnum(mediaType, property: "mediaType", type: "KalturaMediaType"))
        }
        let referenceID = fields.scalar("referenceId")
        if let referenceID, referenceID.count < 2 { return .failure(.minLength("referenceId", 2)) }
        return state.withLock { state -> Outcome in
            let ownerID: String
            switch owner(fields.scalar("userId"), session: session, state: &state, now: now) {
            case .success(let id): ownerID = id
            case .failure(let error): return .failure(error)
            }
            var entry = KalturaEntry(id: Self.newID(), name: fields.scalar("name") ?? "", description: fields.scalar("description") ?? "",
                                     userID: ownerID, creatorID: fields.scalar("creatorId") ?? ownerID, referenceID: referenceID,
                                     tags: fields.scalar("tags") ?? "", adminTags: fields.scalar("adminTags") ?? "",
                                     mediaType: mediaTypeValue, status: 7, createdAt: now, updatedAt: now)
            if let parent = fields.scalar("parentEntryId"), !parent.isEmpty {
                guard state.entries[parent].map({ $0.status != 3 }) == true else { return .failure(.entryNotFound(parent)) }
                entry.parentEntryID = parent
            }
            // Full category names (`A>B`) link the categories that exist.
            let names = Set((fields.scalar("categories") ?? "").split(separator: ",").map(String.init))
            entry.categoryIDs = state.categories.filter { names.contains($0.value) }.map(\.key).sorted()
            entry.partnerData = fields.scalar("partnerData")
            entry.entitledUsersEdit = fields.scalar("entitledUsersEdit") ?? ""
            entry.entitledUsersPublish = fields.scalar("entitledUsersPublish") ?? ""
            entry.entitledUsersView = fields.scalar("entitledUsersView") ?? ""
            state.entries[entry.id] = entry
            return .success(entry.json(partnerID: partnerID))
        }
    }

    private func addContent(entryID: String, resource: [String: Any], now: Int64) -> Outcome {
        let type = resource.scalar("objectType") ?? ""
        return state.withLock { state -> Outcome in
            guard var entry = state.entries[entryID], entry.status != 3 else { return .failure(.entryNotFound(entryID)) }
            guard entry.status == 7 else { return .failure(.entryAlreadyWithContent) }
            switch type {
            case "KalturaUploadedFileTokenResource":
                guard let tokenID = resource.scalar("token") else { return .failure(.cannotBeNull("token")) }
                guard let token = state.tokens[tokenID], token.status != .deleted else { return .failure(.uploadTokenNotFound) }
                switch token.status {
                case .fullUpload:
                    Self.complete(entryID: entryID, with: token, state: &state, now: now)
                case .pending, .partialUpload:
                    // The entry waits for the token; it becomes READY when the token turns FULL.
                    token.attachedEntryID = entryID
                    entry.status = 0
                    entry.pendingTokenID = tokenID
                    entry.updatedAt = now
                    state.entries[entryID] = entry
                default:
                    return .failure(.invalidStatusForAddEntry)
                }
            case "KalturaUrlResource":
                guard resource.scalar("url") != nil else { return .failure(.cannotBeNull("url")) }
                entry.status = 0  // IMPORT: the simulator does not fetch URLs.
                entry.updatedAt = now
                state.entries[entryID] = entry
            default:
                return .failure(KalturaError("RESOURCE_TYPE_NOT_SUPPORTED", "Resource type [\(type)] is not supported",
                                             args: ["RESOURCE_TYPE": type]))
            }
            return .success(state.entries[entryID]?.json(partnerID: partnerID) ?? SimJSON.null)
        }
    }

    private func update(entryID: String, fields: [String: Any], session: KalturaSession, now: Int64) -> Outcome {
        if let referenceID = fields.scalar("referenceId"), referenceID.count < 2 { return .failure(.minLength("referenceId", 2)) }
        return state.withLock { state -> Outcome in
            guard var entry = state.entries[entryID], entry.status != 3 else { return .failure(.entryNotFound(entryID)) }
            if let type = fields.scalar("mediaType"), Int(type) != entry.mediaType { return .failure(.notUpdatable("mediaType")) }
            if let requested = fields.scalar("userId") {
                switch owner(requested, session: session, state: &state, now: now) {
                case .success(let id): entry.userID = id
                case .failure(let error): return .failure(error)
                }
            }
            if let value = fields.scalar("name") { entry.name = value }
            if let value = fields.scalar("description") { entry.description = value }
            if let value = fields.scalar("tags") { entry.tags = value }
            if let value = fields.scalar("adminTags") { entry.adminTags = value }
            if let value = fields.scalar("referenceId") { entry.referenceID = value }
            if let value = fields.scalar("partnerData") { entry.partnerData = value }
            if let value = fields.scalar("entitledUsersEdit") { entry.entitledUsersEdit = value }
            if let value = fields.scalar("entitledUsersPublish") { entry.entitledUsersPublish = value }
            if let value = fields.scalar("entitledUsersView") { entry.entitledUsersView = value }
            entry.updatedAt = now
            state.entries[entryID] = entry
            return .success(entry.json(partnerID: partnerID))
        }
    }

    private func list(filter: [String: Any], pager: [String: Any], objectType: String, now: Int64) -> Outcome {
        let referenceIDs = filter.scalar("referenceIdEqual").map { [$0] }
            ?? filter.scalar("referenceIdIn").map { $0.split(separator: ",").map(String.init) }
        let userID = filter.scalar("userIdEqual")
        let statuses = filter.scalar("statusEqual").map { [$0] } ?? filter.scalar("statusIn").map { $0.split(separator: ",").map(String.init) }
        let notStatuses = filter.scalar("statusNotEqual").map { [$0] }
            ?? filter.scalar("statusNotIn").map { $0.split(separator: ",").map(String.init) }
        // Kaltura lists deleted entries only when a status filter is given (entryPeer::
        // allowDeletedInCriteriaFilter, then setDefaultStatus): `statusIn=3` finds them,
        // `statusNotIn=-2,-1` lets them through, no status filter leaves them out.
        let defaultStatus = statuses == nil && notStatuses == nil
        let ids = filter.scalar("idEqual").map { [$0] } ?? filter.scalar("idIn").map { $0.split(separator: ",").map(String.init) }
        let updatedSince = filter.scalar("updatedAtGreaterThanOrEqual").flatMap { Int64($0) }
        let (size, index) = Self.page(pager)
        return state.withLock { state -> Outcome in
            let lagCutoff = now - state.listLag
            let matches = state.entries.values.filter { entry in
                (!defaultStatus || entry.status != 3)
                    && (state.listLag == 0 || entry.createdAt <= lagCutoff)
                    && (referenceIDs.map { list in entry.referenceID.map { list.contains($0) } ?? false } ?? true)
                    && (userID.map { entry.userID == $0 } ?? true)
                    && (statuses.map { $0.contains(String(entry.status)) } ?? true)
                    && !(notStatuses ?? []).contains(String(entry.status))
                    && (ids.map { $0.contains(entry.id) } ?? true)
                    && (updatedSince.map { entry.updatedAt >= $0 } ?? true)
            }.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
            let page = matches.dropFirst((index - 1) * size).prefix(size)
            return .success(["objectType": objectType, "totalCount": matches.count,
                             "objects": page.map { $0.json(partnerID: partnerID) }] as [String: Any])
        }
    }

    /// `pager{pageSize = 30, max 500; pageIndex = 1}`.
    static func page(_ pager: [String: Any]) -> (size: Int, index: Int) {
        let size = pager.scalar("pageSize").flatMap { Int($0) }.map { min(max($0, 1), 500) } ?? 30
        let index = pager.scalar("pageIndex").flatMap { Int($0) }.map { max($0, 1) } ?? 1
        return (size, index)
    }
}
