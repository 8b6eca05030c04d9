import Config
import Crypto
import Simulators

/// Sandbox mode (no `KALTURA_SERVICE_URL`): the Zoom and Kaltura simulators run inside the
/// process on loopback, and the service is configured against them, so that a fresh machine
/// can see the whole path work without any account.
public final class Sandbox: Sendable {
    public let zoom: ZoomSimulator
    public let kaltura: KalturaSimulator

    /// Starts both simulators on ephemeral loopback ports.
    public init() throws {
        zoom = try ZoomSimulator(host: "127.0.0.1", port: 0)
        kaltura = try KalturaSimulator(host: "127.0.0.1", port: 0)
    }

    /// Points the configuration at the simulators. A webhook secret is generated when none is
    /// set (the demo signs with it; nothing outside the process can).
    public func configure(_ c: inout Configuration) {
        c.kalturaServiceURL = kaltura.baseURL
        c.kalturaPartnerID = kaltura.partnerID
        c.kalturaAdminSecret = Secret(kaltura.adminSecret)
        c.zoomAccountID = zoom.accountID
        c.zoomClientID = zoom.clientID
        c.zoomClientSecret = Secret(zoom.clientSecret)
        c.zoomAPIURL = "\(zoom.baseURL)/v2"
        c.zoomOAuthURL = "\(zoom.baseURL)/oauth/token"
        c.zoomDownloadHosts = [HostRule(parsing: "http://127.0.0.1:\(zoom.port)")].compactMap { $0 }
        if c.zoomWebhookSecret == nil { c.zoomWebhookSecret = Secret(Digest.hex(Digest.randomBytes(16))) }
    }

    public func stop() {
        zoom.stop()
        kaltura.stop()
    }
}
