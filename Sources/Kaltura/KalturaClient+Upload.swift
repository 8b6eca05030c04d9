import HTTPClient

extension KalturaClient {
    /// `uploadToken.add`: a token for a file of `fileSize` bytes (not auto-finalized: the copier
    /// marks the last chunk itself).
    public func addUploadToken(fileName: String, fileSize: Int64) throws(KalturaError) -> UploadToken {
        let token: JSONValue = ["objectType": "KalturaUploadToken", "fileName": .string(fileName), "fileSize": .int(fileSize)]
        return try UploadToken(json: call("uploadToken", "add", ["uploadToken": token]))
    }

    /// `uploadToken.get`: its status and `uploadedFileSize`, to resume after a crash.
    public func getUploadToken(id: String) throws(KalturaError) -> UploadToken {
        try UploadToken(json: call("uploadToken", "get", ["uploadTokenId": .string(id)]))
    }

    /// `uploadToken.upload`: one chunk, as multipart (`fileData`).
    /// - Parameters:
    ///   - resume: false replaces the content (the first chunk); true appends or writes at `resumeAt`.
    ///   - finalChunk: true on the last chunk (which may be empty): the token becomes FULL_UPLOAD.
    ///   - resumeAt: the chunk's offset, or −1 to append.
    public func upload(tokenID: String, chunk: [UInt8], resume: Bool, finalChunk: Bool,
                       resumeAt: Int64) throws(KalturaError) -> UploadToken {
        let result = try withSession { ks throws(KalturaError) in
            let parts: [MultipartPart] = [
                .field("format", "1"),
                .field("ks", ks),
                .field("uploadTokenId", tokenID),
                .field("resume", resume ? "1" : "0"),
                .field("finalChunk", finalChunk ? "1" : "0"),
                .field("resumeAt", String(resumeAt)),
                MultipartPart(name: "fileData", filename: "chunk.bin", contentType: "application/octet-stream", data: chunk),
            ]
            return try perform("uploadToken", "upload", body: .multipart(parts), ks: ks)
        }
        return try UploadToken(json: result)
    }

    /// `uploadToken.list` by file name: finds the token an `add` made when its answer was lost.
    public func listUploadTokens(fileName: String) throws(KalturaError) -> [UploadToken] {
        let filter: JSONValue = ["objectType": "KalturaUploadTokenFilter", "fileNameEqual": .string(fileName)]
        var tokens: [UploadToken] = []
        for object in try listAll("uploadToken", filter: filter) { tokens.append(try UploadToken(json: object)) }
        return tokens
    }

    /// `uploadToken.delete`: drops a token the copy no longer needs.
    public func deleteUploadToken(id: String) throws(KalturaError) {
        _ = try call("uploadToken", "delete", ["uploadTokenId": .string(id)])
    }
}
