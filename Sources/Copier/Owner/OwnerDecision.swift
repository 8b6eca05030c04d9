/// What to do with a recording, given its host (DESIGN.md §4).
public enum OwnerDecision: Sendable, Equatable {
    /// Copy it; `owner` is the Kaltura user id the entry belongs to.
    case copy(owner: String)
    /// The host has no Kaltura account: copy it to the holding user, and hand it to
    /// `intendedOwner` if that account appears before the hold ends (else delete it).
    case hold(intendedOwner: String)
    /// Do not copy it; `reason` is short, for people, and never holds a secret.
    case skip(reason: String)
}
