// Line scanning for RequestParser: finds line ends and rejects bare CR and bare LF (RFC 9112 §2.2)
// without copying, resuming where the previous call stopped.

extension RequestParser {
    enum HeadScanResult {
        case incomplete(skipped: Int)
        case complete(end: Int, skipped: Int)
        case failed(HTTPParseError)
    }

    enum LineResult: Equatable {
        case incomplete(scanned: Int)
        case line(end: Int)
        case failed(HTTPParseError)
    }

    /// Finds the end of the header section (CRLF CRLF). Empty lines before the request line are
    /// skipped and reported as consumed (RFC 9112 §2.2: SHOULD ignore at least one).
    /// - Returns: indices relative to `offset + skipped`.
    func scanHead(_ input: UnsafeRawBufferPointer, offset: Int, scan: inout HeadScan) -> HeadScanResult {
        var base = offset
        if scan.scanned == 0 {
            while base < input.count {
                let b = input[base]
                if b == ByteClass.lf { return .failed(.bareLF) }
                if b != ByteClass.cr { break }
                if base + 1 == input.count { break }
                if input[base + 1] != ByteClass.lf { return .failed(.bareCR) }
                base += 2
                scan.skipped += 2
                if scan.skipped > limits.maxHeaderBytes { return .failed(.headersTooLarge) }
            }
            if base == input.count || input[base] == ByteClass.cr {
                return .incomplete(skipped: base - offset)
            }
        }
        let count = input.count - base
        let maxHead = limits.maxHeaderBytes - scan.skipped
        var i = scan.scanned
        while i < count {
            let b = input[base + i]
            if b == ByteClass.lf {
                if i == 0 || input[base + i - 1] != ByteClass.cr { return .failed(.bareLF) }
                if scan.requestLineEnd < 0 {
                    scan.requestLineEnd = i + 1
                } else if input[base + i - 2] == ByteClass.lf {
                    if i + 1 > maxHead { return .failed(.headersTooLarge) }
                    scan.scanned = i + 1
                    return .complete(end: i + 1, skipped: base - offset)
                }
            } else if b == ByteClass.cr {
                if i + 1 == count { break }
                if input[base + i + 1] != ByteClass.lf { return .failed(.bareCR) }
            } else if scan.requestLineEnd < 0 {
                if b == ByteClass.sp {
                    if scan.firstSpace < 0 { scan.firstSpace = i } else if scan.secondSpace < 0 { scan.secondSpace = i }
                } else if scan.firstSpace >= 0, scan.secondSpace < 0, i - scan.firstSpace > limits.maxTargetBytes {
                    // The target alone is already over its limit: answer 414 now rather than
                    // wait for the header limit and 431.
                    return .failed(.targetTooLong)
                }
            }
            i += 1
            if i > maxHead { return .failed(.headersTooLarge) }
        }
        scan.scanned = i
        return .incomplete(skipped: base - offset)
    }

    /// Finds the CRLF that ends the line starting at `offset`.
    /// - Parameters:
    ///   - scanned: bytes of this line already examined by an earlier call.
    ///   - max: the longest line content allowed (CRLF excluded); longer fails with
    ///     `.headersTooLarge`, which the caller renames for its context.
    /// - Returns: `.line(end:)` with the absolute index just past the LF.
    func findLine(_ input: UnsafeRawBufferPointer, from offset: Int, scanned: Int, max: Int) -> LineResult {
        var i = scanned
        while offset + i < input.count {
            let b = input[offset + i]
            if b == ByteClass.lf {
                if i == 0 || input[offset + i - 1] != ByteClass.cr { return .failed(.bareLF) }
                if i - 1 > max { return .failed(.headersTooLarge) }
                return .line(end: offset + i + 1)
            }
            if b == ByteClass.cr {
                if offset + i + 1 == input.count { break }
                if input[offset + i + 1] != ByteClass.lf { return .failed(.bareCR) }
            }
            i += 1
            if i > max + 1 { return .failed(.headersTooLarge) }
        }
        return .incomplete(scanned: i)
    }
}
