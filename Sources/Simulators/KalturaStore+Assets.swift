/// Captions and attachments (`add` + `setContent` with a string or URL resource, `get`, `list`
/// by entry), categories and `categoryEntry.add`.
extension KalturaStore {
    func asset(_ kind: KalturaAsset.Kind, action: String, params: KalturaParams, service: String) -> Outcome {
        let objectName = kind == .caption ? "captionAsset" : "attachmentAsset"
        let notFound = kind == .caption ? "CAPTION_ASSET_ID_NOT_FOUND" : "ATTACHMENT_ASSET_ID_NOT_FOUND"
        let now = Self.now()
        switch action {
        case "add":
            guard let entryID = params.string("entryId") else { return .failure(.missingParameter("entryId")) }
            let fields = (params.object(objectName) ?? [:]).compactMapValues { SimJSON.scalar($0) }
            return state.withLock { state -> Outcome in
                guard var entry = state.entries[entryID], entry.status != 3 else { return .failure(.entryNotFound(entryID)) }
                let asset = KalturaAsset(id: Self.newID(), entryID: entryID, kind: kind, fields: fields, status: 0)
                state.assets[asset.id] = asset
                if kind == .caption { entry.captionIDs.append(asset.id) } else { entry.attachmentIDs.append(asset.id) }
                state.entries[entryID] = entry
                return .success(asset.json(partnerID: partnerID, now: now))
            }
        case "setcontent":
            guard let id = params.string("id") else { return .failure(.missingParameter("id")) }
            guard let resource = params.object("contentResource") else { return .failure(.missingParameter("contentResource")) }
            let type = resource.scalar("objectType") ?? ""
            return state.withLock { state -> Outcome in
                guard var asset = state.assets[id], asset.kind == kind else { return .failure(.assetNotFound(id, code: notFound)) }
                switch type {
                case "KalturaStringResource":
                    asset.content = Array((resource.scalar("content") ?? "").utf8)
                case "KalturaUrlResource":
                    guard let url = resource.scalar("url") else { return .failure(.cannotBeNull("url")) }
                    asset.url = url
                default:
                    return .failure(KalturaError("RESOURCE_TYPE_NOT_SUPPORTED", "Resource type [\(type)] is not supported",
                                                 args: ["RESOURCE_TYPE": type]))
                }
                asset.status = 2
                state.assets[id] = asset
                return .success(asset.json(partnerID: partnerID, now: now))
            }
        case "get":
            guard let id = params.string("captionAssetId") ?? params.string("attachmentAssetId") ?? params.string("id") else {
                return .failure(.missingParameter("id"))
            }
            return state.withLock { state in
                guard let asset = state.assets[id], asset.kind == kind else { return .failure(.assetNotFound(id, code: notFound)) }
                return .success(asset.json(partnerID: partnerID, now: now))
            }
        case "list":
            return listAssets(kind, filter: params.object("filter") ?? [:], pager: params.object("pager") ?? [:])
        default:
            return .failure(.actionDoesNotExist(action, service: service))
        }
    }

    /// `list(filter{entryIdEqual, entryIdIn}, pager)`: the assets of the named entries (all
    /// entries without a filter), each entry's in the order they were added, oldest entry first.
    private func listAssets(_ kind: KalturaAsset.Kind, filter: [String: Any], pager: [String: Any]) -> Outcome {
        let entryIDs = filter.scalar("entryIdEqual").map { [$0] }
            ?? filter.scalar("entryIdIn").map { $0.split(separator: ",").map(String.init) }
        let (size, index) = Self.page(pager)
        let now = Self.now()
        return state.withLock { state -> Outcome in
            let entries = state.entries.values
                .filter { entry in entryIDs.map { $0.contains(entry.id) } ?? true }
                .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
            let matches = entries.flatMap { kind == .caption ? $0.captionIDs : $0.attachmentIDs }.compactMap { state.assets[$0] }
            let page = matches.dropFirst((index - 1) * size).prefix(size)
            let objectType = kind == .caption ? "KalturaCaptionAssetListResponse" : "KalturaAttachmentAssetListResponse"
            return .success(["objectType": objectType, "totalCount": matches.count,
                             "objects": page.map { $0.json(partnerID: partnerID, now: now) }] as [String: Any])
        }
    }

    func categoryEntry(action: String, params: KalturaParams, service: String) -> Outcome {
        guard action == "add" else { return .failure(.actionDoesNotExist(action, service: service)) }
        guard let fields = params.object("categoryEntry") else { return .failure(.missingParameter("categoryEntry")) }
        guard let entryID = fields.scalar("entryId") else { return .failure(.cannotBeNull("entryId")) }
        guard let categoryText = fields.scalar("categoryId") else { return .failure(.cannotBeNull("categoryId")) }
        let now = Self.now()
        return state.withLock { state -> Outcome in
            guard var entry = state.entries[entryID], entry.status != 3 else { return .failure(.entryNotFound(entryID)) }
            guard let categoryID = Int(categoryText), state.categories[categoryID] != nil else {
                return .failure(.categoryNotFound(categoryText))
            }
            guard !entry.categoryIDs.contains(categoryID) else { return .failure(.categoryEntryExists) }
            entry.categoryIDs.append(categoryID)
            state.entries[entryID] = entry
            return .success(["objectType": "KalturaCategoryEntry", "entryId": entryID, "categoryId": categoryID,
                             "createdAt": now, "status": 2] as [String: Any])
        }
    }

    /// `category.list(filter{idEqual, fullNameEqual, nameOrReferenceIdStartsWith})`.
    func category(action: String, params: KalturaParams, service: String) -> Outcome {
        guard action == "list" else { return .failure(.actionDoesNotExist(action, service: service)) }
        let filter = params.object("filter") ?? [:]
        let idEqual = filter.scalar("idEqual").flatMap { Int($0) }
        let fullName = filter.scalar("fullNameEqual")
        let startsWith = filter.scalar("nameOrReferenceIdStartsWith")
        return state.withLock { state in
            let matches = state.categories.filter { id, name in
                (idEqual.map { id == $0 } ?? true) && (fullName.map { name == $0 } ?? true)
                    && (startsWith.map { name.split(separator: ">").last.map(String.init)?.hasPrefix($0) ?? false } ?? true)
            }.sorted { $0.key < $1.key }
            return .success(["objectType": "KalturaCategoryListResponse", "totalCount": matches.count,
                             "objects": matches.map { id, name in
                                 ["objectType": "KalturaCategory", "id": id, "fullName": name,
                                  "name": name.split(separator: ">").last.map(String.init) ?? name] as [String: Any]
                             }] as [String: Any])
        }
    }
}
