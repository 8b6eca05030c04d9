#if canImport(Glibc)
import Glibc
#endif
import Admin
import CShims
import Config
import Copier
import Foundation
import HTTPClient
import HTTPServer
import Intake
import Jobs
import Kaltura
import Logging
import Metrics
import Platform
import Zoom

/// The service: configuration in; job store, HTTP server, worker pool (and in sandbox mode
/// the simulators) wired together; run until a signal. The executable only parses the
/// command line and calls this.
public struct Application: Sendable {
    public let configuration: Configuration
    public let logger: Logger
    /// Called once the server listens and the workers run (the demo drives the service from it).
    let started: @Sendable (RunningService) -> Void

    public init(configuration: Configuration, logger: Logger, started: @escaping @Sendable (RunningService) -> Void = { _ in }) {
        self.configuration = configuration
        self.logger = logger
        self.started = started
    }

    /// Every route of the service.
    func makeRouter(configuration: Configuration, adminToken: Secret?, store: any JobStore & JobAdministration, draining: Draining,
                    copier: CopierParts, book: PolicyBook) -> Router {
        var router = Router()
        let auth = AdminAuth(token: adminToken)
        HealthRoutes.register(on: &router)
        ReadinessRoutes(store: store, draining: draining).register(on: &router)
        let webhookStats = WebhookStats(metrics: copier.metrics)
        StatusRoutes(auth: auth, version: Version.current, sandbox: self.configuration.isSandbox, store: store,
                     sources: Self.statusSources(configuration: configuration, copier: copier, webhooks: webhookStats))
            .register(on: &router)
        MetricsRoutes(auth: auth, version: Version.current, store: store, registry: copier.metrics).register(on: &router)
        let secrets = [configuration.zoomWebhookSecret, configuration.zoomWebhookSecretNext].compactMap { $0 }
        let verifier = secrets.isEmpty ? nil : WebhookVerifier(secrets: secrets, window: configuration.webhookTimestampWindow)
        let pool = copier.pool
        WebhookRoutes(path: configuration.webhookPath, verifier: verifier, store: store, logger: logger,
                      stored: { pool.wake() }, stats: webhookStats).register(on: &router)
        IngestRoutes(auth: auth, store: store, zoomAPI: copier.zoomAPI, logger: logger,
                     stored: { pool.wake() }).register(on: &router)
        JobsRoutes(auth: auth, store: store, retried: { pool.wake() }).register(on: &router)
        let logger = self.logger
        RulesRoutes(auth: auth, store: store, changed: { Self.refreshStoredRules(book, from: store, logger: logger) })
            .register(on: &router)
        return router
    }

    /// What `/status` shows besides the store: the configuration (secrets masked), the peers,
    /// the transfers in flight, the throughput history and the webhook counts.
    static func statusSources(configuration: Configuration, copier: CopierParts, webhooks: WebhookStats) -> StatusRoutes.Sources {
        let (peers, transfers) = (copier.peers, copier.transfers)
        @Sendable func time(_ ms: Int64?) -> String? { ms.map(RFC3339.format(milliseconds:)) }
        return StatusRoutes.Sources(
            configuration: configuration.summary.map { ConfigurationItem(name: $0.name, value: $0.value) },
            peers: {
                Dictionary(uniqueKeysWithValues: peers.snapshot().map { status in
                    (status.peer.rawValue, PeerReport(ok: status.problem == nil, problem: status.problem, since: time(status.since),
                                                      lastSuccessAt: time(status.lastSuccessAt), lastError: status.lastError,
                                                      lastErrorAt: time(status.lastErrorAt)))
                })
            },
            transfers: { now in
                transfers.snapshot().map { t in
                    TransferReport(jobID: t.jobID, meetingUUID: t.meetingUUID, topic: t.topic, owner: t.owner, fileID: t.fileID,
                                   bytes: t.bytes, total: t.total, rateBytesPerSecond: t.rate(now: now).map { Int64($0) },
                                   etaSeconds: t.etaSeconds(now: now))
                }
            },
            throughputLastHour: { transfers.history.lastHour() },
            webhooks: {
                WebhookReport(lastHour: webhooks.received(lastMinutes: 60), lastDay: webhooks.received(lastMinutes: 24 * 60),
                              byResult: Dictionary(uniqueKeysWithValues: webhooks.counts().map { ($0.key.rawValue, $0.value) }))
            })
    }

    /// Re-reads the owner rules admins keep in the store (mappings, opt-outs) into the book the
    /// workers use; on failure the previous ones stay in force.
    static func refreshStoredRules(_ book: PolicyBook, from store: any JobAdministration, logger: Logger) {
        switch book.refreshStored(from: store) {
        case .success(let rules):
            logger.info("stored owner rules refreshed", ["overrides": .int(rules.overrides.count), "opt_outs": .int(rules.optOuts.count)])
        case .failure(let error):
            logger.warning("stored owner rules not refreshed; the previous rules stay in force", ["error": .string(error.description)])
        }
    }

    /// The job store `DATABASE_URL` names, opened.
    func makeStore() throws -> any JobStore & JobAdministration {
        switch configuration.database {
        case .sqlite(let path):
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            let store = SQLiteJobStore(path: path)
            store.open()
            return store
        case .postgres(let url, _):
            // Shared by every replica. Unreachable at start is not fatal: /readyz and webhooks
            // answer 503 until the store reconnects by itself.
            var options = PostgresJobStore.Options()
            options.connections = configuration.workers + 2  // the workers, the intake thread, the heartbeat
            let store = try PostgresJobStore(url: url.reveal(), options: options)
            store.open()
            return store
        }
    }

    /// The HTTP server's settings, from the service configuration.
    public var serverConfiguration: ServerConfiguration {
        var server = ServerConfiguration()
        server.host = configuration.listenHost
        server.port = configuration.listenPort
        server.eventLoops = configuration.eventLoops
        server.maxConnections = configuration.maxConnections
        server.headerTimeout = configuration.headerTimeout
        server.bodyTimeout = configuration.bodyTimeout
        server.idleTimeout = configuration.idleTimeout
        server.writeTimeout = configuration.writeTimeout
        return server
    }

    /// Serves until SIGTERM or SIGINT, then drains within `SHUTDOWN_GRACE`; a second signal
    /// closes everything at once. SIGHUP re-reads the override and opt-out files.
    /// - Returns: the process exit status: 0 after a graceful stop, 1 after a forced one or a
    ///   start-up failure, 78 for a bad override or opt-out file.
    public func run() -> Int32 {
        let signals: SignalWatcher
        do { signals = try SignalWatcher() } catch {
            logger.error("cannot start", ["error": .string("\(error)")])
            return 1
        }

        // Sandbox mode: the simulators stand in for Zoom and Kaltura.
        var effective = configuration
        var sandbox: Sandbox?
        if configuration.isSandbox {
            do {
                let started = try Sandbox()
                started.configure(&effective)
                sandbox = started
                try DemoOptOut.apply(to: &effective)  // the sample's opted-out host, unless OPT_OUT_FILE is set
                logger.info("sandbox mode: Zoom and Kaltura simulators run in this process",
                            ["zoom.url": .string(started.zoom.baseURL), "kaltura.url": .string(started.kaltura.baseURL)])
            } catch {
                logger.error("cannot start the sandbox (simulators, opt-out file)", ["error": .string("\(error)")])
                return 1
            }
        }
        defer { sandbox?.stop() }

        var adminToken = configuration.adminToken
        if adminToken == nil, configuration.isSandbox {
            do {
                let (token, path) = try AdminTokenFile.loadOrCreate(in: configuration.dataDirectory)
                adminToken = token
                logger.info("sandbox mode: admin token is in a file", ["admin_token.file": .string(path)])
            } catch {
                logger.error("cannot create the sandbox admin token file", ["error": .string("\(error)")])
                return 1
            }
        }

        let book: PolicyBook
        do { book = try PolicyBook(configuration: effective) } catch {
            logger.error("cannot read the owner rules", ["error": .string(error.description)])
            return 78
        }

        let store: any JobStore & JobAdministration
        do {
            store = try makeStore()
        } catch {
            logger.error("cannot create the job store", ["error": .string("\(error)")])
            return 1
        }
        if case .unavailable(let reason) = store.health {
            // Keep serving: /healthz answers, /readyz and webhooks report 503 until it recovers.
            logger.error("job store unavailable; webhooks will get 503 until it recovers", ["store.error": .string(reason)])
        }
        let copier = CopierParts(configuration: effective, store: store, book: book, logger: logger)
        let drainingFlag = Draining()
        // The rules admins keep in the store join the files' now, after each change over HTTP,
        // on SIGHUP, and every minute (so that a change made through another replica arrives).
        Self.refreshStoredRules(book, from: store, logger: logger)
        let rulesLogger = logger
        let refresher = book.refreshPeriodically(from: store, every: .seconds(60)) { error in
            rulesLogger.warning("stored owner rules not refreshed; the previous rules stay in force", ["error": .string(error.description)])
        }

        let server: HTTPServer
        do {
            server = try HTTPServer(configuration: serverConfiguration,
                                    router: makeRouter(configuration: effective, adminToken: adminToken, store: store,
                                                       draining: drainingFlag, copier: copier, book: book),
                                    logger: logger)
        } catch {
            logger.error("cannot listen", ["error": .string("\(error)"), "listen.host": .string(configuration.listenHost),
                                           "listen.port": .int(configuration.listenPort)])
            return 1
        }
        server.start()
        copier.pool.start()
        logger.info("listening", ["listen.address": .string("\(server.localAddress)"),
                                  "listen.port": .int(server.localAddress.port),
                                  "version": .string(Version.current),
                                  "sandbox": .bool(configuration.isSandbox),
                                  "event_loops": .int(configuration.eventLoops),
                                  "workers": .int(effective.workers)])
        started(RunningService(port: server.localAddress.port, configuration: effective, store: store,
                               transfers: copier.transfers, peers: copier.peers, sandbox: sandbox))

        let stopped = eventfd(0, Int32(EFD_CLOEXEC))
        defer { close(stopped) }
        Thread.detachNewThread {
            server.wait()
            var one: UInt64 = 1
            _ = write(stopped, &one, 8)
        }

        var forced = false
        var draining = false
        let workersStopped = DispatchSemaphore(value: 0)
        while true {
            switch signals.next(orReadable: stopped) {
            case .other:
                if !draining { copier.pool.stop(grace: .zero) } else { workersStopped.wait() }
                refresher.stop()
                store.close()
                logger.info("stopped", ["forced": .bool(forced)])
                return forced ? 1 : 0
            case .reload:
                switch book.reload() {
                case .success(let rules):
                    logger.info("owner rules reloaded", ["overrides": .int(rules.overrides.count), "opt_outs": .int(rules.optOuts.count)])
                case .failure(let error):
                    logger.error("owner rules not reloaded; the previous rules stay in force", ["error": .string(error.description)])
                }
                Self.refreshStoredRules(book, from: store, logger: logger)
            case .terminate(let signal):
                if draining {
                    logger.warning("second signal: closing all connections now", ["signal": .int(Int(signal))])
                    forced = true
                    server.forceClose()
                } else {
                    draining = true
                    drainingFlag.begin()
                    logger.info("draining", ["signal": .int(Int(signal)),
                                             "grace_seconds": .int(Int(configuration.shutdownGrace.components.seconds))])
                    server.shutdown(gracePeriod: configuration.shutdownGrace)
                    let pool = copier.pool
                    let grace = configuration.shutdownGrace
                    let logger = self.logger
                    Thread.detachNewThread {
                        if !pool.stop(grace: grace) {
                            logger.warning("a worker was still busy at the end of the grace period; its lease will expire")
                        }
                        workersStopped.signal()
                    }
                }
            }
        }
    }
}

/// The service as it runs, for whoever drives it in process (the demo).
public struct RunningService: Sendable {
    public let port: Int
    /// The effective configuration (in sandbox mode, pointed at the simulators).
    public let configuration: Configuration
    public let store: any JobStore
    public let transfers: TransferBoard
    public let peers: PeerBoard
    public let sandbox: Sandbox?

    /// Asks the service to stop as SIGTERM does.
    public func stop() { kill(getpid(), SIGTERM) }
}

/// The copying half of the service: clients for both peers, the owner policy and the pool.
struct CopierParts: Sendable {
    let pool: WorkerPool
    let peers: PeerBoard
    let transfers: TransferBoard
    /// The counters and histograms of the whole service, for `/metrics`.
    let metrics = MetricsRegistry()
    /// The Zoom API, when an S2S OAuth app is configured (also what `/ingest` uses).
    let zoomAPI: ZoomAPIClient?

    init(configuration c: Configuration, store: any JobStore, book: PolicyBook, logger: Logger) {
        let http = HTTPClient()
        let kaltura = KalturaClient(credentials: KalturaCredentials(serviceURL: c.kalturaServiceURL ?? "",
                                                                    partnerID: c.kalturaPartnerID ?? 0,
                                                                    adminSecret: c.kalturaAdminSecret ?? Secret("")),
                                    http: http)
        var zoomAPI: ZoomAPIClient?
        if let account = c.zoomAccountID, let client = c.zoomClientID, let secret = c.zoomClientSecret {
            zoomAPI = ZoomAPIClient(credentials: .init(accountID: account, clientID: client, clientSecret: secret,
                                                       apiURL: c.zoomAPIURL, oauthURL: c.zoomOAuthURL), http: http)
        }
        peers = PeerBoard(logger: logger, metrics: metrics)
        transfers = TransferBoard(metrics: metrics)
        let runner = JobRunner(store: store, kaltura: kaltura,
                               downloader: ZoomDownloader(http: http, allowedHosts: c.zoomDownloadHosts),
                               zoomAPI: zoomAPI, policy: CampusPolicy(configuration: c, book: book, logger: logger),
                               settings: CopierSettings(configuration: c), peers: peers, transfers: transfers,
                               logger: logger, now: epochMilliseconds)
        pool = WorkerPool(store: store, runner: runner)
        self.zoomAPI = zoomAPI
    }
}
