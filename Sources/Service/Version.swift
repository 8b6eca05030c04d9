/// The release version, reported by `/status` and `zoom2kaltura version`.
public enum Version {
    public static let current = "0.1.0"
}
