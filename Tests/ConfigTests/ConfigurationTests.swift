import Config
import Testing

@Suite struct ConfigurationTests {
    @Test func defaultsFollowTheDesign() throws {
        let c = try Configuration.load(from: [:], availableCPUs: 2)
        #expect(c.listenHost == "0.0.0.0" && c.listenPort == 8080)
        #expect(c.database == .sqlite(path: "./data/zoom2kaltura.db"))
        #expect(c.workers == 4)
        #expect(c.chunkSize == 8 << 20)
        #expect(c.zoomAPIURL == "https://api.zoom.us/v2")
        #expect(c.zoomOAuthURL == "https://zoom.us/oauth/token")
        #expect(c.zoomDownloadHosts.map(\.description) == ["zoom.us", "*.zoom.us"])
        #expect(c.userMatching == .email && c.unmatchedPolicy == .hold)
        #expect(c.holdingUser == "zoom2kaltura-holding" && c.holdHours == 24)
        #expect(c.eventLoops == 2)
        #expect(c.isSandbox)
    }

    @Test func validValuesAreRead() throws {
        let c = try Configuration.load(from: [
            "LISTEN": "[::1]:0", "WORKERS": "8", "CHUNK_SIZE": "512KiB", "DATABASE_URL": "sqlite:/tmp/x.db",
            "KALTURA_USER_MATCHING": "remove-suffix", "KALTURA_USER_SUFFIX": "@uni.edu",
            "HTTP_HEADER_TIMEOUT": "500ms", "SHUTDOWN_GRACE": "2m", "LOG_LEVEL": "debug",
            "ZOOM_DOWNLOAD_HOSTS": "zoom.us, http://127.0.0.1:9001",
        ])
        #expect(c.listenHost == "::1" && c.listenPort == 0)
        #expect(c.workers == 8 && c.chunkSize == 512 << 10)
        #expect(c.database == .sqlite(path: "/tmp/x.db"))
        #expect(c.userMatching == .removeSuffix && c.userSuffix == "@uni.edu")
        #expect(c.headerTimeout == .milliseconds(500) && c.shutdownGrace == .seconds(120))
        #expect(c.zoomDownloadHosts.count == 2)
        #expect(c.zoomDownloadHosts[1].allows(scheme: "http", host: "127.0.0.1", port: 9001))
        #expect(!c.zoomDownloadHosts[1].allows(scheme: "http", host: "127.0.0.1", port: 9002))
    }

    /// Each invalid value is named with its problem and a fix, and all are reported at once.
    @Test(arguments: [
        ("LISTEN", "localhost", "must be HOST:PORT"),
        ("LISTEN", "0.0.0.0:99999", "must be HOST:PORT"),
        ("LISTEN", ":8080", "must be HOST:PORT"),
        ("DATABASE_URL", "mysql://x", "must be sqlite:PATH"),
        ("DATABASE_URL", "sqlite:", "must be sqlite:PATH"),
        ("WORKERS", "0", "from 1 to 64"),
        ("WORKERS", "four", "whole number"),
        ("CHUNK_SIZE", "8MB", "8MiB"),
        ("CHUNK_SIZE", "1KiB", "from 64KiB"),
        ("LOG_LEVEL", "loud", "debug, info, warning, error"),
        ("ZOOM_API_URL", "ftp://zoom.us", "http:// or https://"),
        ("ZOOM_DOWNLOAD_HOSTS", "zoom.us,ftp://x", "comma-separated list"),
        ("KALTURA_SERVICE_URL", "www.kaltura.com", "http:// or https://"),
        ("KALTURA_USER_MATCHING", "fuzzy", "email, add-suffix, remove-suffix, lookup"),
        ("UNMATCHED_POLICY", "delete", "hold, skip, create-user"),
        ("HOLDING_USER", "has space", "Kaltura user id"),
        ("HOLD_HOURS", "0", "from 1 to 720"),
        ("EVENT_LOOPS", "-1", "whole number from 1"),
        ("MAX_CONNECTIONS", "0", "from 1"),
        ("HTTP_HEADER_TIMEOUT", "10ms", "from 50ms"),
        ("HTTP_IDLE_TIMEOUT", "1d", "duration such as"),
        ("SHUTDOWN_GRACE", "forever", "duration such as"),
    ])
    func invalidValueIsExplained(_ variable: String, _ value: String, _ hint: String) {
        do {
            _ = try Configuration.load(from: [variable: value])
            Issue.record("\(variable)=\(value) was accepted")
        } catch {
            #expect(error.problems.count == 1)
            let text = error.description
            #expect(text.contains(variable))
            #expect(text.contains(hint), "\(text)")
        }
    }

    @Test func everyProblemIsReportedTogether() {
        do {
            _ = try Configuration.load(from: ["WORKERS": "x", "LISTEN": "nope", "HOLD_HOURS": "9999"])
            Issue.record("accepted")
        } catch {
            #expect(Set(error.problems.map(\.variable)) == ["WORKERS", "LISTEN", "HOLD_HOURS"])
            #expect(error.description.hasPrefix("configuration has 3 problems:"))
        }
    }

    @Test func secretsAreNeverEchoed() {
        let secret = "short-secret"
        do {
            _ = try Configuration.load(from: ["ADMIN_TOKEN": secret])
            Issue.record("a 12-character admin token was accepted")
        } catch {
            #expect(error.problems.map(\.variable) == ["ADMIN_TOKEN"])
            #expect(!error.description.contains(secret))
        }
    }

    @Test func productionModeRequiresItsCredentials() {
        do {
            _ = try Configuration.load(from: ["KALTURA_SERVICE_URL": "https://www.kaltura.com"])
            Issue.record("accepted without credentials")
        } catch {
            #expect(Set(error.problems.map(\.variable)) ==
                    ["KALTURA_PARTNER_ID", "KALTURA_ADMIN_SECRET", "ZOOM_WEBHOOK_SECRET", "ADMIN_TOKEN"])
        }
    }

    @Test func oauthCredentialsGoTogether() {
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(from: ["ZOOM_CLIENT_ID": "abc"])
        }
    }

    @Test func suffixModesNeedASuffix() {
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(from: ["KALTURA_USER_MATCHING": "add-suffix"])
        }
    }

    @Test func summaryMasksSecrets() throws {
        let environment = [
            "ADMIN_TOKEN": "admin-token-0123456789", "ZOOM_WEBHOOK_SECRET": "webhook-secret-value",
            "KALTURA_SERVICE_URL": "https://www.kaltura.com", "KALTURA_PARTNER_ID": "12345",
            "KALTURA_ADMIN_SECRET": "kaltura-admin-secret", "ZOOM_ACCOUNT_ID": "acct",
            "ZOOM_CLIENT_ID": "client", "ZOOM_CLIENT_SECRET": "zoom-client-secret",
            "DATABASE_URL": "postgres://z2k:db-password@db.example:5432/z2k",
        ]
        let c = try Configuration.load(from: environment)
        let text = c.summary.map { "\($0.name)=\($0.value)" }.joined(separator: "\n")
        for secret in ["admin-token-0123456789", "webhook-secret-value", "kaltura-admin-secret", "zoom-client-secret", "db-password"] {
            #expect(!text.contains(secret), "\(secret) leaked")
        }
        #expect(text.contains("DATABASE_URL=postgres://z2k:<hidden>@db.example:5432/z2k"))
        #expect(text.contains("ADMIN_TOKEN=<set>"))
        #expect("\(c.adminToken!)" == "<set>")
        #expect(c.adminToken?.reveal() == "admin-token-0123456789")
        #expect(!c.isSandbox)
    }

    @Test func postgresPasswordAsAParameterIsMasked() throws {
        let c = try Configuration.load(from: ["DATABASE_URL": "postgres://z2k@db.example/z2k?sslmode=require&password=db-password"])
        let text = c.summary.map { "\($0.name)=\($0.value)" }.joined(separator: "\n")
        #expect(!text.contains("db-password"))
        #expect(text.contains("DATABASE_URL=postgres://z2k@db.example/z2k?sslmode=require&password=<hidden>"))
    }

    @Test func hostRules() {
        let wildcard = HostRule(parsing: "*.zoom.us")
        #expect(wildcard?.allows(scheme: "https", host: "us06web.zoom.us", port: nil) == true)
        #expect(wildcard?.allows(scheme: "https", host: "ZOOM.US", port: nil) == false)
        #expect(wildcard?.allows(scheme: "https", host: "evilzoom.us", port: nil) == false)
        #expect(wildcard?.allows(scheme: "http", host: "a.zoom.us", port: nil) == false)
        #expect(HostRule(parsing: "zoom.us")?.allows(scheme: "https", host: "zoom.us", port: 443) == true)
        #expect(HostRule(parsing: "zoom.us")?.allows(scheme: "https", host: "zoom.us.evil.com", port: nil) == false)
        #expect(HostRule(parsing: "") == nil)
        #expect(HostRule(parsing: "a/b") == nil)
        #expect(HostRule(parsing: "http://127.0.0.1:0") == nil)
    }

    @Test func kalturaUserIDRule() {
        #expect(Configuration.isValidKalturaUserID("jane.doe@uni.edu"))
        #expect(!Configuration.isValidKalturaUserID(""))
        #expect(!Configuration.isValidKalturaUserID("a b"))
        #expect(!Configuration.isValidKalturaUserID(String(repeating: "a", count: 321)))
    }
}
