extension Configuration {
    /// The effective configuration as `NAME=value` pairs for `check-config` and `/status`.
    /// Secrets show only whether they are set.
    public var summary: [(name: String, value: String)] {
        func secret(_ s: Secret?) -> String { s == nil ? "<unset>" : "<set>" }
        func optional(_ s: String?) -> String { s ?? "<unset>" }
        func list(_ items: [String], none: String) -> String { items.isEmpty ? none : items.joined(separator: ",") }
        let databaseText: String
        switch database {
        case .sqlite(let path): databaseText = "sqlite:\(path)"
        case .postgres(_, let display): databaseText = display
        }
        return [
            ("LISTEN", listenHost.contains(":") ? "[\(listenHost)]:\(listenPort)" : "\(listenHost):\(listenPort)"),
            ("ADMIN_TOKEN", secret(adminToken)),
            ("DATABASE_URL", databaseText),
            ("WORKERS", String(workers)),
            ("CHUNK_SIZE", chunkSize.formattedBytes),
            ("LOG_LEVEL", "\(logLevel)"),
            ("ZOOM_WEBHOOK_SECRET", secret(zoomWebhookSecret)),
            ("ZOOM_WEBHOOK_SECRET_NEXT", secret(zoomWebhookSecretNext)),
            ("WEBHOOK_PATH", webhookPath),
            ("WEBHOOK_TIMESTAMP_WINDOW", webhookTimestampWindow.formatted),
            ("ZOOM_ACCOUNT_ID", optional(zoomAccountID)),
            ("ZOOM_CLIENT_ID", optional(zoomClientID)),
            ("ZOOM_CLIENT_SECRET", secret(zoomClientSecret)),
            ("ZOOM_API_URL", zoomAPIURL),
            ("ZOOM_OAUTH_URL", zoomOAuthURL),
            ("ZOOM_DOWNLOAD_HOSTS", zoomDownloadHosts.map(\.description).joined(separator: ",")),
            ("KALTURA_SERVICE_URL", kalturaServiceURL ?? "<unset: sandbox mode>"),
            ("KALTURA_PARTNER_ID", kalturaPartnerID.map(String.init) ?? "<unset>"),
            ("KALTURA_ADMIN_SECRET", secret(kalturaAdminSecret)),
            ("KALTURA_USER_MATCHING", userMatching.rawValue),
            ("KALTURA_USER_SUFFIX", optional(userSuffix)),
            ("UNMATCHED_POLICY", unmatchedPolicy.rawValue),
            ("HOLDING_USER", holdingUser),
            ("HOLD_HOURS", String(holdHours)),
            ("OVERRIDES_FILE", optional(overridesFile)),
            ("OPT_OUT_FILE", optional(optOutFile)),
            ("COPY_MEETINGS", String(copyMeetings)),
            ("COPY_WEBINARS", String(copyWebinars)),
            ("MEETING_CATEGORIES", list(meetingCategories, none: "<none: private>")),
            ("WEBINAR_CATEGORIES", list(webinarCategories, none: "<none: private>")),
            ("OPT_IN_GROUPS", list(optInGroups, none: "<unset>")),
            ("OPT_OUT_GROUPS", list(optOutGroups, none: "<unset>")),
            ("VIEW_PRIORITY", viewPriority.joined(separator: ",")),
            ("CHILD_VIEWS", String(childViews)),
            ("KALTURA_CONVERSION_PROFILE_ID", conversionProfileID.map(String.init) ?? "<unset: partner default>"),
            ("ZOOM_DELETE_AFTER_DAYS", zoomDeleteAfterDays == 0 ? "0 (off)" : String(zoomDeleteAfterDays)),
            ("MAX_ATTEMPTS", String(maxAttempts)),
            ("JOB_LEASE", jobLease.formatted),
            ("KALTURA_LIST_LAG", kalturaListLag.formatted),
            ("EVENT_LOOPS", String(eventLoops)),
            ("MAX_CONNECTIONS", String(maxConnections)),
            ("HTTP_HEADER_TIMEOUT", headerTimeout.formatted),
            ("HTTP_BODY_TIMEOUT", bodyTimeout.formatted),
            ("HTTP_IDLE_TIMEOUT", idleTimeout.formatted),
            ("HTTP_WRITE_TIMEOUT", writeTimeout.formatted),
            ("SHUTDOWN_GRACE", shutdownGrace.formatted),
        ]
    }
}
