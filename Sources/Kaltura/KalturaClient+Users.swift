extension KalturaClient {
    /// `user.get`; INVALID_USER_ID when there is none.
    public func getUser(id: String) throws(KalturaError) -> KalturaUser {
        try KalturaUser(json: call("user", "get", ["userId": .string(id)]))
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
