import Foundation

/// The single slot between the download thread and the upload thread. The downloader fills
/// the next chunk while the uploader sends the current one and waits when the slot is taken,
/// so a copy holds about two chunks whatever the file size.
final class ChunkHandoff: @unchecked Sendable {
    // Invariant for @unchecked Sendable: every stored var is read and written under `condition`.
    enum Item {
        case chunk([UInt8])
        case end
        case failed(CopyError)
    }

    private let condition = NSCondition()
    private var slot: Item?
    private var closed = false

    /// Hands over an item; blocks while the slot is full. Returns false once the consumer has
    /// stopped (the producer should stop too).
    func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while slot != nil, !closed { condition.wait() }
        guard !closed else { return false }
        slot = item
        condition.broadcast()
        return true
    }

    /// Takes the next item; blocks until there is one.
    func take() -> Item {
        condition.lock()
        defer { condition.unlock() }
        while slot == nil { condition.wait() }
        let item = slot ?? .end
        slot = nil
        condition.broadcast()
        return item
    }

    /// The consumer gives up: a blocked or later `put` returns false.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
