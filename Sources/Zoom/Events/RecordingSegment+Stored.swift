extension RecordingSegment {
    /// The segment a stored job stands for. A job stores the webhook body exactly as Zoom
    /// signed it, plus its segment's `recording_start`: decoding it again gives the same event
    /// and the same segments, and the stored body stays the one that was verified.
    /// - Returns: nil if the body does not decode to a recording event with that segment.
    public static func stored(body: [UInt8], recordingStart: String) -> RecordingSegment? {
        guard case .success(.recording(let event)) = WebhookDecoder.decode(body) else { return nil }
        return event.segments().first { $0.recordingStart == recordingStart }
    }
}
