import Config
import Foundation
import Kaltura

/// Host email → Kaltura user id (kaltura-facts §1.3, with our modes): the override table
/// first; else the processed id by `KALTURA_USER_MATCHING`, looked up exactly by user id, then
/// by the original email (one non-blocked user exactly). Blocked users never match.
extension CampusPolicy {
    enum Resolution: Equatable {
        /// An active Kaltura user.
        case found(String)
        /// No usable account; `intended` is the id the host's account would have.
        case unmatched(intended: String)
    }

    func resolve(hostEmail: String, rules: OwnerRules, directory: any UserDirectory) throws(KalturaError) -> Resolution {
        let email = hostEmail.trimmingCharacters(in: .whitespacesAndNewlines)
        if let override = rules.overrideUserID(for: email) {
            // The admin named the owner: that account or none, never a guess by email.
            guard let user = try directory.user(id: override), user.status == .active else { return .unmatched(intended: override) }
            return .found(user.id)
        }
        guard !email.isEmpty else { return .unmatched(intended: "") }
        let processed = processedID(for: email)
        if Configuration.isValidKalturaUserID(processed), let user = try directory.user(id: processed) {
            // As Kaltura's integration: an id that exists decides, even when blocked.
            return user.status == .active ? .found(user.id) : .unmatched(intended: processed)
        }
        let active = try directory.users(email: email).filter { $0.status == .active }
        if active.count == 1 { return .found(active[0].id) }
        if active.count > 1 {
            logger?.warning("several Kaltura users have the host's email; none is chosen",
                            ["owner.email": .string(email), "owner.candidates": .string(active.map(\.id).joined(separator: ","))])
        }
        return .unmatched(intended: processed)
    }

    /// The user id the host email maps to by `KALTURA_USER_MATCHING`; suffixes compare
    /// without case.
    public func processedID(for hostEmail: String) -> String {
        let email = hostEmail.trimmingCharacters(in: .whitespacesAndNewlines)
        switch matching {
        case .email, .lookup:
            return email
        case .addSuffix:
            return suffix.isEmpty || email.lowercased().hasSuffix(suffix.lowercased()) ? email : email + suffix
        case .removeSuffix:
            guard !suffix.isEmpty, email.count > suffix.count, email.lowercased().hasSuffix(suffix.lowercased()) else { return email }
            return String(email.dropLast(suffix.count))
        }
    }
}
