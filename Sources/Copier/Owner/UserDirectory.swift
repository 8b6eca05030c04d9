import Kaltura

/// The Kaltura users the owner rules consult: a port, so that the policy is tested against an
/// in-memory directory and runs against `KalturaClient` (`KalturaClient+UserDirectory.swift`).
public protocol UserDirectory: Sendable {
    /// The user with this id; nil when Kaltura has none (INVALID_USER_ID, or deleted).
    func user(id: String) throws(KalturaError) -> KalturaUser?
    /// Users whose email is exactly `email` (ignoring case), blocked ones included.
    func users(email: String) throws(KalturaError) -> [KalturaUser]
    /// The ids of the groups `userID` is a member of (`groupUser.list`).
    func groups(of userID: String) throws(KalturaError) -> [String]
    /// Creates an active user, or returns the one that already has this id (so a retried job
    /// whose first attempt created it is not an error).
    func createUser(id: String, email: String) throws(KalturaError) -> KalturaUser
}
