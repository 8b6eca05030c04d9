extension KalturaClient {
    /// `user.get`; INVALID_USER_ID when there is none.
    public func getUser(id: String) throws(KalturaError) -> KalturaUser {
        try KalturaUser(json: call("user", "get", ["userId": .string(id)]))
    }

    /// `user.add`: an active (status 1) ordinary user (type 0) with this id and e-mail, for the
    /// `create-user` policy. A user that already exists (DUPLICATE_USER_BY_ID) is fetched and
    /// returned instead, so that a retried job whose first `add` landed is not an error.
    /// - Parameter screenName: shown in Kaltura's UI; nil leaves it to Kaltura (the id).
    public func addUser(id: String, email: String, screenName: String?) throws(KalturaError) -> KalturaUser {
        var user: [String: JSONValue] = [
            "objectType": "KalturaUser", "id": .string(id), "email": .string(email), "type": 0, "status": 1,
        ]
        if let screenName { user["screenName"] = .string(screenName) }
        do {
            return try KalturaUser(json: call("user", "add", ["user": .object(user)]))
        } catch where error.code == "DUPLICATE_USER_BY_ID" {
            return try getUser(id: id)
        }
    }

    /// Users whose e-mail is exactly `email` (ignoring case). Kaltura's `emailLike` also matches
    /// longer addresses (prefix matching once picked the wrong owners), so the answer is
    /// narrowed here to exact matches. Includes blocked users, never deleted ones.
    public func listUsers(email: String) throws(KalturaError) -> [KalturaUser] {
        let filter: JSONValue = ["objectType": "KalturaUserFilter", "emailLike": .string(email)]
        let wanted = email.lowercased()
        var users: [KalturaUser] = []
        for object in try listAll("user", filter: filter) {
            let user = try KalturaUser(json: object)
            if user.email?.lowercased() == wanted { users.append(user) }
        }
        return users
    }

    /// The ids of the groups `userID` belongs to (`groupUser.list` by `userIdEqual`).
    public func listGroupUsers(userID: String) throws(KalturaError) -> [String] {
        let filter: JSONValue = ["objectType": "KalturaGroupUserFilter", "userIdEqual": .string(userID)]
        var groups: [String] = []
        for object in try listAll("groupUser", filter: filter) {
            guard let group = object["groupId"]?.string, !group.isEmpty else {
                throw .invalidResponse("group membership without a groupId")
            }
            groups.append(group)
        }
        return groups
    }
}
