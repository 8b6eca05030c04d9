import CCurl

/// Request-body bytes that libcurl pulls through a read callback, straight from the caller's
/// array: no copy, and no pointer that outlives a `withUnsafe…` closure. A seek callback lets
/// libcurl rewind and resend them (a reused connection that turned out dead).
///
/// libcurl holds it unretained (`Unmanaged.passUnretained`); the owner keeps it alive until
/// `curl_easy_perform` returns. Used only on the thread running the transfer.
final class UploadSource {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var count: Int { bytes.count }

    var userdata: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// Copies up to `capacity` bytes into libcurl's buffer; 0 at the end.
    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let n = min(capacity, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + offset, byteCount: n)
        }
        offset += n
        return n
    }

    /// Moves the read position; false when out of range.
    func seek(to position: Int) -> Bool {
        guard (0...bytes.count).contains(position) else { return false }
        offset = position
        return true
    }

    /// For `CURLOPT_READFUNCTION` and `curl_mime_data_cb`; userdata is an `UploadSource`.
    static var readCallback: curl_read_callback {
        { buffer, size, count, userdata in
            guard let buffer, let userdata else { return Int(CURL_READFUNC_ABORT) }
            let source = Unmanaged<UploadSource>.fromOpaque(userdata).takeUnretainedValue()
            return source.read(into: buffer, capacity: size * count)
        }
    }

    /// For `CURLOPT_SEEKFUNCTION` and `curl_mime_data_cb`. libcurl only seeks from the start.
    static var seekCallback: curl_seek_callback {
        { userdata, offset, origin in
            guard let userdata, origin == SEEK_SET else { return CURL_SEEKFUNC_CANTSEEK }
            let source = Unmanaged<UploadSource>.fromOpaque(userdata).takeUnretainedValue()
            return source.seek(to: Int(offset)) ? CURL_SEEKFUNC_OK : CURL_SEEKFUNC_FAIL
        }
    }
}
