import Kaltura

/// The real directory: `user.get`, `user.list`, `groupUser.list` and `user.add`.
extension KalturaClient: UserDirectory {
    public func user(id: String) throws(KalturaError) -> KalturaUser? {
        do {
            return try getUser(id: id)
        } catch where error.code == "INVALID_USER_ID" {
            return nil
        }
    }

    public func users(email: String) throws(KalturaError) -> [KalturaUser] {
        try listUsers(email: email)
    }

    public func groups(of userID: String) throws(KalturaError) -> [String] {
        try listGroupUsers(userID: userID)
    }

    public func createUser(id: String, email: String) throws(KalturaError) -> KalturaUser {
        try addUser(id: id, email: email, screenName: nil)
    }
}
