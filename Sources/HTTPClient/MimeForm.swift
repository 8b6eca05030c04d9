import CCurl

/// Owns a `curl_mime` built from `MultipartPart`s, and the `UploadSource`s its parts read
/// from: libcurl reads part data through callbacks during the transfer (no copy of an 8 MiB
/// chunk), so both live until the transfer ends; `deinit` frees the mime handle.
final class MimeForm {
    let mime: OpaquePointer
    private var sources: [UploadSource] = []

    init(handle: EasyHandle, parts: [MultipartPart]) throws(HTTPClientError) {
        guard let mime = curl_mime_init(handle.raw) else {
            throw .transport(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "curl_mime_init failed")
        }
        self.mime = mime
        for part in parts { try add(part) }
    }

    deinit { curl_mime_free(mime) }

    private func add(_ part: MultipartPart) throws(HTTPClientError) {
        guard let handle = curl_mime_addpart(mime) else {
            throw .transport(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "curl_mime_addpart failed")
        }
        for text in [part.name, part.filename, part.contentType].compactMap({ $0 }) where Self.hasControl(text) {
            throw .invalidRequest("a multipart name, filename or type contains a control character")
        }
        try check(curl_mime_name(handle, part.name))
        if let filename = part.filename { try check(curl_mime_filename(handle, filename)) }
        if let type = part.contentType { try check(curl_mime_type(handle, type)) }
        let source = UploadSource(part.data)
        sources.append(source)
        try check(curl_mime_data_cb(handle, curl_off_t(source.count), UploadSource.readCallback,
                                    UploadSource.seekCallback, nil, source.userdata))
    }

    private func check(_ code: CURLcode) throws(HTTPClientError) {
        guard code == CURLE_OK else { throw CurlCode.error(code, message: nil) }
    }

    private static func hasControl(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 || $0 == 0x7F }
    }
}
