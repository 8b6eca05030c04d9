import Logging

extension Configuration {
    /// Reads and validates the configuration.
    /// - Parameters:
    ///   - environment: the process environment (tests pass their own).
    ///   - availableCPUs: the default for `EVENT_LOOPS`.
    /// - Throws: `ConfigurationError` listing every problem, each with the variable, the value
    ///   (never a secret's) and how to fix it.
    public static func load(from environment: [String: String], availableCPUs: Int = 1) throws(ConfigurationError) -> Configuration {
        var env = EnvironmentReader(environment)
        var c = Configuration()

        if let text = env.raw("LISTEN") {
            if let (host, port) = ValueParsers.listen(text) {
                (c.listenHost, c.listenPort) = (host, port)
            } else {
                env.report("LISTEN", shown: text, "must be HOST:PORT, such as 0.0.0.0:8080, 127.0.0.1:0 or [::]:8080.")
            }
        }
        c.adminToken = env.secret("ADMIN_TOKEN", minLength: 16)
        if let text = env.raw("DATABASE_URL") {
            if let database = parseDatabase(text) {
                c.database = database
            } else {
                env.report("DATABASE_URL", shown: text.hasPrefix("postgres") ? "postgres://…" : text,
                           "must be sqlite:PATH (such as sqlite:./data/zoom2kaltura.db) or postgres://USER:PASSWORD@HOST:PORT/DB.")
            }
        }
        c.workers = env.int("WORKERS", default: 4, range: 1...64)
        c.chunkSize = env.size("CHUNK_SIZE", default: 8 << 20, range: (64 << 10)...(1 << 30))
        if let text = env.raw("LOG_LEVEL") {
            if let level = Logger.Level(name: text) { c.logLevel = level } else {
                env.report("LOG_LEVEL", shown: text, "must be one of: debug, info, warning, error (default info).")
            }
        }

        c.zoomWebhookSecret = env.secret("ZOOM_WEBHOOK_SECRET")
        c.zoomWebhookSecretNext = env.secret("ZOOM_WEBHOOK_SECRET_NEXT")
        if let path = env.raw("WEBHOOK_PATH") {
            let valid = path.hasPrefix("/") && path.count > 1 && !path.contains("{")
                && path.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/-_.~".contains($0)) }
            if valid { c.webhookPath = path } else {
                env.report("WEBHOOK_PATH", shown: path, "must be a path such as /webhooks/zoom (letters, digits, / - _ . ~).")
            }
        }
        c.webhookTimestampWindow = env.duration("WEBHOOK_TIMESTAMP_WINDOW", default: .seconds(300),
                                                range: .seconds(1)...(.seconds(86_400)))
        c.zoomAccountID = env.raw("ZOOM_ACCOUNT_ID")
        c.zoomClientID = env.raw("ZOOM_CLIENT_ID")
        c.zoomClientSecret = env.secret("ZOOM_CLIENT_SECRET")
        let oauthParts = [c.zoomAccountID != nil, c.zoomClientID != nil, c.zoomClientSecret != nil]
        if oauthParts.contains(true), oauthParts.contains(false) {
            env.report("ZOOM_ACCOUNT_ID", shown: nil,
                       "ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET go together: set all three (a Server-to-Server OAuth app) or none.")
        }
        c.zoomAPIURL = env.url("ZOOM_API_URL", default: c.zoomAPIURL) ?? c.zoomAPIURL
        c.zoomOAuthURL = env.url("ZOOM_OAUTH_URL", default: c.zoomOAuthURL) ?? c.zoomOAuthURL
        if let text = env.raw("ZOOM_DOWNLOAD_HOSTS") {
            let entries = text.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
            let rules = entries.compactMap(HostRule.init(parsing:))
            if rules.count == entries.count, !rules.isEmpty {
                c.zoomDownloadHosts = rules
            } else {
                env.report("ZOOM_DOWNLOAD_HOSTS", shown: text,
                           "must be a comma-separated list of hosts (zoom.us), subdomain patterns (*.zoom.us) or scheme://host:port entries (http://127.0.0.1:9001).")
            }
        }

        c.kalturaServiceURL = env.url("KALTURA_SERVICE_URL", default: nil)
        c.kalturaPartnerID = env.optionalInt("KALTURA_PARTNER_ID", range: 1...Int(Int32.max))
        c.kalturaAdminSecret = env.secret("KALTURA_ADMIN_SECRET")
        c.userMatching = env.choice("KALTURA_USER_MATCHING", default: UserMatching.email)
        c.userSuffix = env.raw("KALTURA_USER_SUFFIX")
        if c.userMatching == .addSuffix || c.userMatching == .removeSuffix, c.userSuffix == nil {
            env.report("KALTURA_USER_SUFFIX", shown: nil,
                       "is required when KALTURA_USER_MATCHING is \(c.userMatching.rawValue); set it to the suffix, such as @uni.edu.")
        }
        c.unmatchedPolicy = env.choice("UNMATCHED_POLICY", default: UnmatchedPolicy.hold)
        c.holdingUser = env.string("HOLDING_USER", default: c.holdingUser)
        if !isValidKalturaUserID(c.holdingUser) {
            env.report("HOLDING_USER", shown: c.holdingUser,
                       "must be a Kaltura user id: 1 to 320 letters, digits or any of ,!#$%&'*+?^_`{|}~.@-")
        }
        c.holdHours = env.int("HOLD_HOURS", default: 24, range: 1...720)

        readCopyPolicy(into: &c, &env)
        c.maxAttempts = env.int("MAX_ATTEMPTS", default: 8, range: 1...100)
        c.jobLease = env.duration("JOB_LEASE", default: .seconds(60), range: .seconds(5)...(.seconds(3600)))
        c.kalturaListLag = env.duration("KALTURA_LIST_LAG", default: .seconds(30), range: .zero...(.seconds(600)))

        c.eventLoops = env.int("EVENT_LOOPS", default: max(1, availableCPUs), range: 1...256)
        c.maxConnections = env.int("MAX_CONNECTIONS", default: 10_000, range: 1...1_000_000)
        c.headerTimeout = env.duration("HTTP_HEADER_TIMEOUT", default: .seconds(10), range: .milliseconds(50)...(.seconds(600)))
        c.bodyTimeout = env.duration("HTTP_BODY_TIMEOUT", default: .seconds(30), range: .milliseconds(50)...(.seconds(3600)))
        c.idleTimeout = env.duration("HTTP_IDLE_TIMEOUT", default: .seconds(60), range: .milliseconds(50)...(.seconds(3600)))
        c.writeTimeout = env.duration("HTTP_WRITE_TIMEOUT", default: .seconds(30), range: .milliseconds(50)...(.seconds(3600)))
        c.shutdownGrace = env.duration("SHUTDOWN_GRACE", default: .seconds(25), range: .zero...(.seconds(3600)))

        if !c.isSandbox {
            // Outside the sandbox every credential the service needs must be there at start.
            let missing = [
                ("KALTURA_PARTNER_ID", c.kalturaPartnerID == nil && env.raw("KALTURA_PARTNER_ID") == nil),
                ("KALTURA_ADMIN_SECRET", c.kalturaAdminSecret == nil && env.raw("KALTURA_ADMIN_SECRET") == nil),
                ("ZOOM_WEBHOOK_SECRET", c.zoomWebhookSecret == nil),
                ("ADMIN_TOKEN", c.adminToken == nil && env.raw("ADMIN_TOKEN") == nil),
            ]
            for (name, isMissing) in missing where isMissing {
                env.report(name, shown: nil, "is required when KALTURA_SERVICE_URL is set (unset KALTURA_SERVICE_URL for sandbox mode).")
            }
        }

        guard env.problems.isEmpty else { throw ConfigurationError(problems: env.problems) }
        return c
    }

    /// What to copy and where it goes: policy files, meeting/webinar switches, categories,
    /// groups, views, conversion profile, Zoom-side deletion.
    private static func readCopyPolicy(into c: inout Configuration, _ env: inout EnvironmentReader) {
        c.overridesFile = env.path("OVERRIDES_FILE")
        c.optOutFile = env.path("OPT_OUT_FILE")
        c.copyMeetings = env.bool("COPY_MEETINGS", default: true)
        c.copyWebinars = env.bool("COPY_WEBINARS", default: true)
        let category = "full Kaltura category names such as Lectures>Zoom"
        c.meetingCategories = env.list("MEETING_CATEGORIES", default: [], expected: category, isValid: isCategoryFullName)
            .map(normalizedCategory)
        c.webinarCategories = env.list("WEBINAR_CATEGORIES", default: [], expected: category, isValid: isCategoryFullName)
            .map(normalizedCategory)
        let group = "Kaltura group ids (letters, digits or any of ,!#$%&'*+?^_`{|}~.@-)"
        c.optInGroups = env.list("OPT_IN_GROUPS", default: [], expected: group, isValid: isValidKalturaUserID)
        c.optOutGroups = env.list("OPT_OUT_GROUPS", default: [], expected: group, isValid: isValidKalturaUserID)
        if env.raw("OPT_IN_GROUPS") != nil, env.raw("OPT_OUT_GROUPS") != nil {
            env.report("OPT_OUT_GROUPS", shown: nil,
                       "cannot be set together with OPT_IN_GROUPS: set OPT_IN_GROUPS to copy only members, or OPT_OUT_GROUPS to skip members, not both.")
        }
        c.viewPriority = env.list("VIEW_PRIORITY", default: defaultViewPriority,
                                  expected: "a Zoom recording_type such as speaker_view (no spaces)",
                                  isValid: { !$0.contains(where: \.isWhitespace) })
        c.childViews = env.bool("CHILD_VIEWS", default: false)
        c.conversionProfileID = env.optionalInt("KALTURA_CONVERSION_PROFILE_ID", range: 1...Int(Int32.max))
        c.zoomDeleteAfterDays = env.int("ZOOM_DELETE_AFTER_DAYS", default: 0, range: 0...30)
        if c.zoomDeleteAfterDays > 0, c.zoomAccountID == nil || c.zoomClientID == nil || c.zoomClientSecret == nil {
            env.report("ZOOM_DELETE_AFTER_DAYS", shown: String(c.zoomDeleteAfterDays),
                       "needs the Zoom API to trash recordings: set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET (a Server-to-Server OAuth app allowed to delete recordings), or set 0.")
        }
    }

    /// `Parent>Child`: one or more non-empty names joined by `>`.
    private static func isCategoryFullName(_ text: String) -> Bool {
        text.split(separator: ">", omittingEmptySubsequences: false).allSatisfy { !String($0).trimmingSpaces().isEmpty }
    }

    /// `Parent > Child` → `Parent>Child`, the form Kaltura's `fullNameEqual` matches.
    private static func normalizedCategory(_ text: String) -> String {
        text.split(separator: ">").map { String($0).trimmingSpaces() }.joined(separator: ">")
    }

    private static func parseDatabase(_ text: String) -> Database? {
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            return path.isEmpty || path.contains("\0") ? nil : .sqlite(path: path)
        }
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") else { return nil }
        let afterScheme = text.drop { $0 != ":" }.dropFirst(3)
        guard !afterScheme.isEmpty else { return nil }
        // Mask a password: scheme://user:…@host/db
        var display = text
        if let at = afterScheme.lastIndex(of: "@"), let colon = afterScheme[..<at].firstIndex(of: ":") {
            display = String(text[..<afterScheme.startIndex]) + afterScheme[..<colon] + ":<hidden>" + afterScheme[at...]
        }
        // libpq also takes the password as a parameter: ?sslmode=require&password=…
        if let query = display.firstIndex(of: "?") {
            let parameters = display[display.index(after: query)...].split(separator: "&", omittingEmptySubsequences: false)
                .map { $0.lowercased().hasPrefix("password=") ? "password=<hidden>" : String($0) }
            display = display[...query] + parameters.joined(separator: "&")
        }
        return .postgres(url: Secret(text), display: display)
    }

    /// Kaltura's user id rule (`UserService`: ^[A-Za-z0-9,!#$%&'*+?^_`{|}~.@-]{1,320}$).
    public static func isValidKalturaUserID(_ id: String) -> Bool {
        let extra = Set(",!#$%&'*+?^_`{|}~.@-")
        return (1...320).contains(id.count)
            && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || extra.contains($0)) }
    }
}
