/// The credentials the simulators handed out, so that a test can check that none of them
/// leaks into a log.
extension KalturaSimulator {
    /// Every KS the simulator issued (`session.start`, `issueKS`) or accepted on a call.
    public var sessionsSeen: Set<String> { store.state.withLock { $0.seenKS.union($0.revokedKS) } }
}

extension ZoomSimulator {
    /// Every download token issued so far (webhook bodies, `addRecording`, `issueDownloadToken`).
    public var downloadTokensIssued: Set<String> { store.state.withLock { Set($0.downloadTokens.keys) } }

    /// Every OAuth access token issued so far.
    public var accessTokensIssued: Set<String> { store.state.withLock { Set($0.accessTokens.keys) } }
}
