extension KalturaClient {
    /// `media.add`: the entry, without content (status 7 NO_CONTENT until `addContent`).
    public func addMedia(_ entry: NewMediaEntry) throws(KalturaError) -> MediaEntry {
        try MediaEntry(json: call("media", "add", ["entry": entry.json]))
    }

    /// `media.addContent`: attaches an upload token's file (it may still be uploading).
    public func addContent(entryID: String, uploadTokenID: String) throws(KalturaError) -> MediaEntry {
        let resource: JSONValue = ["objectType": "KalturaUploadedFileTokenResource", "token": .string(uploadTokenID)]
        return try MediaEntry(json: call("media", "addContent", ["entryId": .string(entryID), "resource": resource]))
    }

    /// `media.get`; ENTRY_ID_NOT_FOUND when there is none.
    public func getMedia(id: String) throws(KalturaError) -> MediaEntry {
        try MediaEntry(json: call("media", "get", ["entryId": .string(id)]))
    }

    /// `media.list` filtered by `referenceIdEqual`, every page: how a retry finds the entry an
    /// earlier attempt created.
    /// - Parameter excludingStatuses: sent as `statusNotIn` and applied again to the answer. The
    ///   default leaves out DELETED and failed entries (−2, −1, 3), as Kaltura's own Zoom
    ///   integration does: a deleted or broken entry must not be reused. `[]` sends no status
    ///   filter, and Kaltura's default applies (deleted left out, failed ones listed).
    public func listMedia(referenceID: String,
                          excludingStatuses: [Int] = MediaEntry.unusableStatuses) throws(KalturaError) -> [MediaEntry] {
        var filter: [String: JSONValue] = ["objectType": "KalturaMediaEntryFilter", "referenceIdEqual": .string(referenceID)]
        if !excludingStatuses.isEmpty {
            filter["statusNotIn"] = .string(excludingStatuses.map(String.init).joined(separator: ","))
        }
        var entries: [MediaEntry] = []
        for object in try listAll("media", filter: .object(filter)) {
            let entry = try MediaEntry(json: object)
            if !excludingStatuses.contains(entry.status) { entries.append(entry) }
        }
        return entries
    }

    /// `media.update` with only the fields `changes` sets.
    public func updateMedia(id: String, _ changes: MediaEntryChanges) throws(KalturaError) -> MediaEntry {
        try MediaEntry(json: call("media", "update", ["entryId": .string(id), "mediaEntry": changes.json]))
    }

    /// `media.delete`.
    public func deleteMedia(id: String) throws(KalturaError) {
        _ = try call("media", "delete", ["entryId": .string(id)])
    }

    /// Every object a `list` action returns for `filter`, page by page (30 a page, at most
    /// 100 pages), until a short page or `totalCount`.
    func listAll(_ service: String, filter: JSONValue) throws(KalturaError) -> [JSONValue] {
        let pageSize = 30
        var objects: [JSONValue] = []
        for pageIndex in 1...100 {
            let pager: JSONValue = ["pageSize": .int(Int64(pageSize)), "pageIndex": .int(Int64(pageIndex))]
            let response = try call(service, "list", ["filter": filter, "pager": pager])
            guard let page = response["objects"]?.array ?? (response["totalCount"] != nil ? [] : nil) else {
                throw .invalidResponse("\(service).list answered without an objects array")
            }
            objects += page
            let total = response["totalCount"]?.int.map { Int($0) }
            if page.count < pageSize || total.map({ objects.count >= $0 }) == true { break }
        }
        return objects
    }
}
