import Config
import Foundation
import Kaltura
import Logging
import Zoom

/// Whether a recording is copied and who owns it (DESIGN.md §4), in this order: the
/// meeting/webinar switch, the opt-out list, owner resolution, group opt-in/opt-out, and for a
/// host without a Kaltura account the unmatched policy (`hold`, `skip`, `create-user`).
public struct CampusPolicy: Sendable {
    let matching: UserMatching
    let suffix: String
    let unmatched: UnmatchedPolicy
    let copyMeetings: Bool
    let copyWebinars: Bool
    let meetingCategories: [String]
    let webinarCategories: [String]
    let optInGroups: Set<String>
    let optOutGroups: Set<String>
    let book: PolicyBook
    let logger: Logger?

    /// - Parameter logger: where ambiguous matches (several Kaltura users with the host's email)
    ///   are reported; nil says nothing.
    public init(configuration: Configuration, book: PolicyBook, logger: Logger? = nil) {
        matching = configuration.userMatching
        suffix = configuration.userSuffix ?? ""
        unmatched = configuration.unmatchedPolicy
        copyMeetings = configuration.copyMeetings
        copyWebinars = configuration.copyWebinars
        meetingCategories = configuration.meetingCategories
        webinarCategories = configuration.webinarCategories
        optInGroups = Set(configuration.optInGroups.map { $0.lowercased() })
        optOutGroups = Set(configuration.optOutGroups.map { $0.lowercased() })
        self.book = book
        self.logger = logger
    }

    /// Decides for one recording. Throws only what Kaltura answered (the job retries a
    /// transient error); every policy outcome is a decision.
    public func decide(for meeting: Meeting, directory: any UserDirectory) throws(KalturaError) -> OwnerDecision {
        if meeting.isWebinar, !copyWebinars { return .skip(reason: "webinars are not copied") }
        if !meeting.isWebinar, !copyMeetings { return .skip(reason: "meetings are not copied") }
        let rules = book.rules
        if rules.isOptedOut(meeting.hostEmail) { return .skip(reason: "host opted out") }

        switch try resolve(hostEmail: meeting.hostEmail, rules: rules, directory: directory) {
        case .found(let owner):
            if let reason = try groupRefusal(owner: owner, directory: directory) { return .skip(reason: reason) }
            return .copy(owner: owner)
        case .unmatched(let intended):
            if !optInGroups.isEmpty || !optOutGroups.isEmpty {
                return .skip(reason: "host has no Kaltura account, so group rules cannot admit them")
            }
            return try unmatchedDecision(intended: intended, hostEmail: meeting.hostEmail, directory: directory)
        }
    }

    /// The owner a held entry should go to, if the host's account now exists: the same
    /// resolution as `decide`, without opt-outs, groups or creating users.
    public func resolveExisting(hostEmail: String, directory: any UserDirectory) throws(KalturaError) -> String? {
        guard case .found(let owner) = try resolve(hostEmail: hostEmail, rules: book.rules, directory: directory) else { return nil }
        return owner
    }

    /// `MEETING_CATEGORIES` or `WEBINAR_CATEGORIES` as Kaltura takes them (full names joined
    /// by commas); nil when none are configured: the entry stays private.
    public func categories(for meeting: Meeting) -> String? {
        let names = meeting.isWebinar ? webinarCategories : meetingCategories
        return names.isEmpty ? nil : names.joined(separator: ",")
    }

    private func groupRefusal(owner: String, directory: any UserDirectory) throws(KalturaError) -> String? {
        guard !optInGroups.isEmpty || !optOutGroups.isEmpty else { return nil }
        let groups = Set(try directory.groups(of: owner).map { $0.lowercased() })
        if !optInGroups.isEmpty, groups.isDisjoint(with: optInGroups) { return "host is not in an opt-in group" }
        if !groups.isDisjoint(with: optOutGroups) { return "host is in an opt-out group" }
        return nil
    }

    private func unmatchedDecision(intended: String, hostEmail: String, directory: any UserDirectory) throws(KalturaError) -> OwnerDecision {
        switch unmatched {
        case .hold:
            return .hold(intendedOwner: intended)
        case .skip:
            return .skip(reason: "host has no Kaltura account")
        case .createUser:
            guard Configuration.isValidKalturaUserID(intended) else {
                return .skip(reason: "host has no usable email to create a Kaltura account from")
            }
            let user = try directory.createUser(id: intended, email: hostEmail.trimmingCharacters(in: .whitespacesAndNewlines))
            guard user.status == .active else { return .skip(reason: "host's Kaltura account is blocked") }
            return .copy(owner: user.id)
        }
    }
}
