/// Where the body of the final response goes: into memory up to a cap (`send`), or to the
/// caller's callbacks (`stream`). The closures are non-escaping at the public API and made
/// storable only for the duration of the call (`withoutActuallyEscaping`).
enum ResponseSink {
    case collect(maxBytes: Int)
    case stream(onHead: (HTTPResponseHead) -> Bool, onData: (UnsafeRawBufferPointer) -> Bool)
}
