import Crypto

/// `uploadToken.add/get/upload/delete` with the chunk semantics of kUploadTokenMgr.
extension KalturaStore {
    func uploadToken(action: String, params: KalturaParams, session: KalturaSession) -> Outcome {
        switch action {
        case "add":
            let fields = params.object("uploadToken") ?? [:]
            let fileSize = fields.scalar("fileSize").flatMap { Int($0) }
            let autoFinalize = fields.scalar("autoFinalize").map { KalturaParams.bool($0) } ?? false
            if autoFinalize, fileSize == nil { return .failure(.cannotBeNull("fileSize")) }
            let id = "0_" + Digest.hex(Digest.randomBytes(16))
            let fileName = fields.scalar("fileName")
            let now = Self.now()
            return .success(state.withLock { state in
                let token = KalturaUploadToken(id: id, userID: session.userID, fileName: fileName, fileSize: fileSize,
                                               autoFinalize: autoFinalize, now: now)
                state.tokens[id] = token
                return token.json(partnerID: partnerID, base: baseURL)
            })
        case "get":
            guard let id = params.string("uploadTokenId") else { return .failure(.missingParameter("uploadTokenId")) }
            return state.withLock { state in
                guard let token = state.tokens[id], token.status != .deleted else { return .failure(.uploadTokenNotFound) }
                return .success(token.json(partnerID: partnerID, base: baseURL))
            }
        case "delete":
            guard let id = params.string("uploadTokenId") else { return .failure(.missingParameter("uploadTokenId")) }
            return state.withLock { state in
                guard let token = state.tokens[id], token.status != .deleted else { return .failure(.uploadTokenNotFound) }
                token.status = .deleted
                token.replace()
                return .success(SimJSON.null)
            }
        case "upload":
            return upload(params)
        case "list":
            // KalturaUploadTokenFilter: fileNameEqual and statusEqual, the ones a client needs to
            // find a token whose creation answer it lost.
            let filter = params.object("filter") ?? [:]
            let name = filter.scalar("fileNameEqual")
            let status = filter.scalar("statusEqual").flatMap { Int($0) }
            return .success(state.withLock { state in
                let matches = state.tokens.values
                    .filter { $0.status != .deleted && (name == nil || $0.fileName == name)
                              && (status == nil || $0.status.rawValue == status) }
                    .sorted { $0.id < $1.id }
                return ["objectType": "KalturaUploadTokenListResponse", "totalCount": matches.count,
                        "objects": matches.map { $0.json(partnerID: partnerID, base: baseURL) }] as [String: Any]
            })
        default:
            return .failure(.actionDoesNotExist(action, service: "uploadToken"))
        }
    }

    private func upload(_ params: KalturaParams) -> Outcome {
        guard let id = params.string("uploadTokenId") else { return .failure(.missingParameter("uploadTokenId")) }
        guard let file = params.files["fileData"] else { return .failure(.missingParameter("fileData")) }
        let resume = params.bool("resume", default: false)
        let finalChunk = params.bool("finalChunk", default: true)
        let resumeAt = params.int("resumeAt") ?? -1
        let data = file.data
        let now = Self.now()
        return state.withLock { state -> Outcome in
            state.counters.uploadChunks += 1
            state.counters.uploadedBytes += data.count
            guard let token = state.tokens[id], token.status != .deleted else { return .failure(.uploadTokenNotFound) }
            guard token.status == .pending || token.status == .partialUpload else { return .failure(.invalidStatusForUpload) }
            token.updatedAt = now
            if token.fileName == nil { token.fileName = file.filename }
            if !resume {
                token.replace()
                token.append(data)
            } else {
                let at = resumeAt < 0 ? token.size : resumeAt
                if data.isEmpty, !finalChunk, at > 0 {
                    // Kaltura silently drops empty non-final chunks.
                } else if at == token.size {
                    token.append(data)
                } else if at < token.size {
                    // A retried chunk: accepted when identical to what is there. Overwriting with
                    // different bytes cannot be represented by a running hash: refuse it loudly.
                    guard let known = token.chunks[at], known.length == data.count, known.fingerprint == ChunkFingerprint.of(data) else {
                        return .failure(KalturaError("SIMULATOR_UNSUPPORTED_OVERWRITE",
                                                     "The simulator cannot overwrite bytes \(at)..< of token \(id) with different data",
                                                     args: ["RESUME_AT": String(at), "SIZE": String(token.size)]))
                    }
                } else {
                    // Ahead of the contiguous data: park it; the real server waits ≤45 s for the
                    // gap and then fails with this (retryable) error. The simulator fails at once.
                    if token.parkedBytes + data.count <= parkedCap { token.parked[at] = data }
                    token.status = .partialUpload
                    return .failure(.cannotMatchExpectedSize)
                }
            }
            if finalChunk {
                guard token.parked.isEmpty else {
                    token.status = .partialUpload
                    return .failure(.cannotMatchExpectedSize)
                }
                if let expected = token.fileSize, expected != token.size {
                    token.status = .partialUpload
                    return .failure(.cannotMatchExpectedSize)
                }
                token.status = .fullUpload
            } else if token.autoFinalize, let expected = token.fileSize, token.size == expected, token.parked.isEmpty {
                token.status = .fullUpload
            } else {
                token.status = .partialUpload
            }
            if token.status == .fullUpload, let entryID = token.attachedEntryID {
                Self.complete(entryID: entryID, with: token, state: &state, now: now)
            }
            return .success(token.json(partnerID: partnerID, base: baseURL))
        }
    }

    /// A full token's content becomes the entry's: READY with its hash and size; the token closes.
    static func complete(entryID: String, with token: KalturaUploadToken, state: inout State, now: Int64) {
        guard var entry = state.entries[entryID] else { return }
        entry.status = 2
        entry.contentSHA256 = token.sha256Hex
        entry.contentSize = token.size
        entry.pendingTokenID = nil
        entry.updatedAt = now
        state.entries[entryID] = entry
        token.status = .closed
    }
}
