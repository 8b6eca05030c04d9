import Kaltura

/// A Kaltura upload token as a copy's destination, with the chunk protocol of kaltura-facts §2:
/// the first chunk `resume=false`, later ones `resume=true, resumeAt=offset`, the last
/// `finalChunk=true`.
public struct KalturaUploadTarget: ChunkUploader {
    let client: KalturaClient

    public init(client: KalturaClient) { self.client = client }

    /// Creates the token. When the answer is lost (a reset, a timeout) Kaltura may have made the
    /// token anyway: an empty token for this file name and size is taken instead of leaving it
    /// behind and making a second one.
    public func begin(fileName: String, fileSize: Int64) throws(CopyError) -> String {
        do throws(KalturaError) {
            return try client.addUploadToken(fileName: fileName, fileSize: fileSize).id
        } catch {
            guard error.isTransient else { throw Self.copyError(error) }
            let made = try? client.listUploadTokens(fileName: fileName).first {
                $0.status == .pending && ($0.uploadedFileSize ?? 0) == 0 && $0.fileSize == fileSize
            }
            if let made { return made.id }
            throw Self.copyError(error)
        }
    }

    public func state(token: String) throws(CopyError) -> UploadState {
        do throws(KalturaError) {
            let current = try client.getUploadToken(id: token)
            return UploadState(bytes: current.uploadedFileSize ?? 0,
                               isComplete: current.status == .fullUpload || current.status == .closed)
        } catch {
            throw Self.copyError(error)
        }
    }

    public func upload(token: String, chunk: [UInt8], at offset: Int64, isFinal: Bool) throws(CopyError) {
        do throws(KalturaError) {
            _ = try client.upload(tokenID: token, chunk: chunk, resume: offset > 0, finalChunk: isFinal,
                                  resumeAt: offset > 0 ? offset : -1)
        } catch {
            throw Self.copyError(error)
        }
    }

    static func copyError(_ error: KalturaError) -> CopyError {
        CopyError(side: .destination, transient: error.isTransient, retryAfter: error.retryAfter, detail: error.description)
    }
}
