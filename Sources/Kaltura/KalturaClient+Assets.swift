extension KalturaClient {
    /// A caption track on `entryID`: `caption_captionasset.add`, then `setContent` with the text.
    /// - Parameters:
    ///   - format: `KalturaCaptionType` (1 SRT, 2 DFXP, 3 WEBVTT, …), sent as Kaltura's string enum.
    ///   - content: the whole caption file; Zoom's are small.
    /// - Returns: the caption asset id.
    public func addCaption(entryID: String, label: String, language: String = "English", format: Int = 3,
                           fileExt: String = "vtt", content: String) throws(KalturaError) -> String {
        let asset: JSONValue = [
            "objectType": "KalturaCaptionAsset", "label": .string(label), "language": .string(language),
            "format": .string(String(format)), "fileExt": .string(fileExt),
        ]
        let id = try assetID(call("caption_captionasset", "add", ["entryId": .string(entryID), "captionAsset": asset]))
        _ = try call("caption_captionasset", "setContent", ["id": .string(id), "contentResource": Self.stringResource(content)])
        return id
    }

    /// A text attachment (the chat transcript) on `entryID`: `attachment_attachmentasset.add`
    /// (format 1 TEXT, extension txt), then `setContent`. Returns the attachment asset id.
    public func addAttachment(entryID: String, fileName: String, title: String,
                              content: String) throws(KalturaError) -> String {
        let asset: JSONValue = [
            "objectType": "KalturaAttachmentAsset", "filename": .string(fileName), "title": .string(title),
            "format": "1", "fileExt": "txt",
        ]
        let id = try assetID(call("attachment_attachmentasset", "add", ["entryId": .string(entryID), "attachmentAsset": asset]))
        _ = try call("attachment_attachmentasset", "setContent",
                     ["id": .string(id), "contentResource": Self.stringResource(content)])
        return id
    }

    /// The caption assets of `entryID` (`caption_captionasset.list` by `entryIdEqual`, every
    /// page): a retried job adds a caption only when no asset with its label is there yet.
    public func listCaptions(entryID: String) throws(KalturaError) -> [CaptionAsset] {
        var assets: [CaptionAsset] = []
        for object in try listAll("caption_captionasset", filter: Self.assetFilter(entryID)) {
            assets.append(try CaptionAsset(json: object))
        }
        return assets
    }

    /// The attachment assets of `entryID` (`attachment_attachmentasset.list` by `entryIdEqual`,
    /// every page): a retried job attaches the chat only when it is not there yet.
    public func listAttachments(entryID: String) throws(KalturaError) -> [AttachmentAsset] {
        var assets: [AttachmentAsset] = []
        for object in try listAll("attachment_attachmentasset", filter: Self.assetFilter(entryID)) {
            assets.append(try AttachmentAsset(json: object))
        }
        return assets
    }

    /// Both asset services declare their filter as `KalturaAssetFilter`.
    static func assetFilter(_ entryID: String) -> JSONValue {
        ["objectType": "KalturaAssetFilter", "entryIdEqual": .string(entryID)]
    }

    /// `categoryEntry.add`. Already being in the category counts as success, so that a retried
    /// job does not fail on what its first attempt did.
    public func addCategoryEntry(entryID: String, categoryID: Int) throws(KalturaError) {
        let link: JSONValue = [
            "objectType": "KalturaCategoryEntry", "entryId": .string(entryID), "categoryId": .int(Int64(categoryID)),
        ]
        do {
            _ = try call("categoryEntry", "add", ["categoryEntry": link])
        } catch where error.code == "CATEGORY_ENTRY_ALREADY_EXISTS" {
            return
        }
    }

    static func stringResource(_ content: String) -> JSONValue {
        ["objectType": "KalturaStringResource", "content": .string(content)]
    }

    private func assetID(_ value: JSONValue) throws(KalturaError) -> String {
        guard let id = value["id"]?.string, !id.isEmpty else { throw .invalidResponse("asset without an id") }
        return id
    }
}
