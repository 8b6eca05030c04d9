import Foundation
import HTTP1
import HTTPServer
import Jobs
import Metrics

/// `GET /metrics` (admin token, like every admin endpoint: give Prometheus the token with
/// `authorization: {credentials_file: …}`): the Prometheus text exposition (0.0.4) of what the
/// modules count (webhooks by result, bytes copied, transfer durations, API errors by code),
/// plus gauges read per scrape: jobs by state, the oldest queued job's age, whether the store
/// answers, uptime. Put together on a background queue: the store is read, the event loop
/// never waits.
public struct MetricsRoutes: Sendable {
    let auth: AdminAuth
    let version: String
    let store: any JobStore
    let registry: MetricsRegistry
    let now: @Sendable () -> Int64
    let started: ContinuousClock.Instant
    let startedAtSeconds: Double

    /// - Parameters:
    ///   - registry: the counters and histograms the intake and the copier keep.
    ///   - now: the wall clock in milliseconds since the epoch (tests pass their own).
    public init(auth: AdminAuth, version: String, store: any JobStore, registry: MetricsRegistry,
                now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.auth = auth
        self.version = version
        self.store = store
        self.registry = registry
        self.now = now
        self.started = .now
        self.startedAtSeconds = Double(now()) / 1000
    }

    public func register(on router: inout Router) {
        let routes = self
        router.add("GET", "/metrics", handler: auth.protect { _, responder in
            .background(responder, qos: .utility) {
                Response(status: .ok, headers: HTTPHeaders([("Content-Type", PrometheusText.contentType), ("Cache-Control", "no-store")]),
                         body: Array(PrometheusText.render(routes.families()).utf8))
            }
        })
    }

    /// Every family of a scrape (blocks on the store).
    func families() -> [MetricFamily] {
        var jobs: [(labels: [String], value: Double)] = []
        var oldestAge: Double = 0
        var storeUp = 1.0
        do throws(JobStoreError) {
            let summary = try store.summaryAndWait()
            jobs = JobState.allCases.map { ([$0.rawValue], Double(summary.counts[$0] ?? 0)) }
            let now = self.now()
            if let administration = store as? any JobAdministration, let oldest = try administration.oldestDueAt(now: now) {
                oldestAge = max(0, Double(now - oldest) / 1000)
            }
        } catch {
            storeUp = 0
        }
        let uptime = ContinuousClock.now - started
        return [
            .gauge("zoom2kaltura_build_info", help: "The running version (always 1).", labelNames: ["version"], [([version], 1)]),
            .gauge("zoom2kaltura_uptime_seconds", help: "Seconds since the service started.",
                   [([], Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18)]),
            .gauge("process_start_time_seconds", help: "Start time of the process since the Unix epoch, in seconds.",
                   [([], startedAtSeconds)]),
            .gauge("zoom2kaltura_store_up", help: "1 when the job store answered this scrape, else 0.", [([], storeUp)]),
            .gauge("zoom2kaltura_jobs", help: "Jobs in the store, by state.", labelNames: ["state"], jobs),
            .gauge("zoom2kaltura_oldest_queued_job_age_seconds",
                   help: "Seconds the longest-waiting due job has been queued (0 when none waits; work scheduled for later does not count).", [([], oldestAge)]),
        ] + registry.families()
    }
}
