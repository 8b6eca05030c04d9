/// A Kaltura user, as owner resolution needs it: whether the id exists, its e-mail, and
/// whether it may own entries (a blocked or deleted owner sends the copy to the holding user).
public struct KalturaUser: Sendable, Equatable {
    /// `KalturaUserStatus`.
    public enum Status: Int, Sendable, Equatable {
        case blocked = 0
        case active = 1
        case deleted = 2
    }

    public var id: String
    public var email: String?
    public var status: Status

    public init(id: String, email: String? = nil, status: Status) {
        self.id = id
        self.email = email
        self.status = status
    }

    init(json: JSONValue) throws(KalturaError) {
        guard let id = json["id"]?.string, !id.isEmpty else { throw .invalidResponse("user without an id") }
        guard let raw = json["status"]?.int, let status = Status(rawValue: Int(raw)) else {
            throw .invalidResponse("user \(id) with an unknown status")
        }
        self.init(id: id, email: json["email"]?.string.flatMap { $0.isEmpty ? nil : $0 }, status: status)
    }
}
