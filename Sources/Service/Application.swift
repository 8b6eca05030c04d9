#if canImport(Glibc)
import Glibc
#endif
import Admin
import CShims
import Config
import Foundation
import HTTPServer
import Intake
import Jobs
import Logging
import Zoom

/// The service: configuration in, HTTP server and (later) workers wired together, run until a
/// signal. The executable only parses the command line and calls this.
public struct Application: Sendable {
    public let configuration: Configuration
    public let logger: Logger

    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Every route of the service.
    public func makeRouter(adminToken: Secret?, store: any JobStore, draining: Draining) -> Router {
        var router = Router()
        let auth = AdminAuth(token: adminToken)
        HealthRoutes.register(on: &router)
        ReadinessRoutes(store: store, draining: draining).register(on: &router)
        StatusRoutes(auth: auth, version: Version.current, sandbox: configuration.isSandbox, store: store)
            .register(on: &router)
        let secrets = [configuration.zoomWebhookSecret, configuration.zoomWebhookSecretNext].compactMap { $0 }
        let verifier = secrets.isEmpty ? nil : WebhookVerifier(secrets: secrets, window: configuration.webhookTimestampWindow)
        WebhookRoutes(path: configuration.webhookPath, verifier: verifier, store: store, logger: logger).register(on: &router)
        return router
    }

    /// The job store `DATABASE_URL` names, opened.
    func makeStore() throws -> any JobStore {
        switch configuration.database {
        case .sqlite(let path):
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            let store = SQLiteJobStore(path: path)
            store.open()
            return store
        case .postgres:
            throw StartupError(message: "DATABASE_URL names PostgreSQL, but this build has only the SQLite job store; use sqlite:PATH")
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
    /// closes everything at once.
    /// - Returns: the process exit status: 0 after a graceful stop, 1 after a forced one or a
    ///   start-up failure.
    public func run() -> Int32 {
        let signals: SignalWatcher
        do { signals = try SignalWatcher() } catch {
            logger.error("cannot start", ["error": .string("\(error)")])
            return 1
        }

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

        let store: any JobStore
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
        let drainingFlag = Draining()

        let server: HTTPServer
        do {
            server = try HTTPServer(configuration: serverConfiguration,
                                    router: makeRouter(adminToken: adminToken, store: store, draining: drainingFlag), logger: logger)
        } catch {
            logger.error("cannot listen", ["error": .string("\(error)"), "listen.host": .string(configuration.listenHost),
                                           "listen.port": .int(configuration.listenPort)])
            return 1
        }
        server.start()
        logger.info("listening", ["listen.address": .string("\(server.localAddress)"),
                                  "listen.port": .int(server.localAddress.port),
                                  "version": .string(Version.current),
                                  "sandbox": .bool(configuration.isSandbox),
                                  "event_loops": .int(configuration.eventLoops)])

        let stopped = eventfd(0, Int32(EFD_CLOEXEC))
        defer { close(stopped) }
        Thread.detachNewThread {
            server.wait()
            var one: UInt64 = 1
            _ = write(stopped, &one, 8)
        }

        var forced = false
        var draining = false
        while true {
            switch signals.next(orReadable: stopped) {
            case .other:
                store.close()
                logger.info("stopped", ["forced": .bool(forced)])
                return forced ? 1 : 0
            case .reload:
                logger.info("SIGHUP received; nothing to reload yet")
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
                }
            }
        }
    }
}

/// A start-up problem that is not a configuration value: said once, then the process exits 1.
struct StartupError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
