/// What a verified webhook asks of us, decided by its `event` name: answer Zoom's URL
/// validation, copy a recording, or acknowledge and ignore.
public enum ZoomWebhook: Sendable, Equatable {
    /// `endpoint.url_validation`: answer `{plainToken, encryptedToken}` with the matching secret.
    case urlValidation(plainToken: String)
    /// `recording.completed` or `recording.transcript_completed`.
    case recording(RecordingEvent)
    /// Any other event: the server answers 204 and stores nothing.
    case other(event: String)
}
