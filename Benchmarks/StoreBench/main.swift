// store-bench: the job store alone, SQLite next to PostgreSQL in one run (Benchmarks/store-bench.sh).
//
//   New webhooks: JOBS new jobs (one per webhook, with a realistic ~1 KiB payload) from SENDERS
//   threads at once, each waiting for its commit before sending the next, as the intake's
//   connections do: group commit is what makes this fast.
//   Claims: WORKERS threads claim and finish jobs until none is left, as the worker pool does.
//
//   JOBS=20000 SENDERS=64 WORKERS=4
//   BENCH_DATABASE_URL=postgres://…  measure that empty database instead of a throwaway server
//                                    (never a service's: the bench fills it with jobs)
//
// Both stores are durable as deployed: SQLite in WAL mode with synchronous=FULL, PostgreSQL with
// fsync and synchronous_commit on; both on the same disk (TMPDIR). Prints a table with the
// ratio PostgreSQL / SQLite; exits 1 when a job is lost or claimed twice.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Jobs
import Platform
import Synchronization
import TestSupport

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("store-bench: \(message)\n".utf8))
    exit(1)
}

func note(_ message: String) { FileHandle.standardError.write(Data("[store-bench] \(message)\n".utf8)) }

func setting(_ name: String, _ fallback: Int) -> Int {
    guard let text = ProcessInfo.processInfo.environment[name] else { return fallback }
    guard let value = Int(text), value > 0 else { fail("\(name) must be a positive whole number, got '\(text)'") }
    return value
}

let jobs = setting("JOBS", 20_000)
let senders = setting("SENDERS", 64)
let workers = setting("WORKERS", 4)

/// The figures of one store.
struct Figures {
    var enqueuePerSecond: Double
    var claimsPerSecond: Double
    var commits: Int
}

/// A job as the intake makes it, with a payload the size of a real segment's JSON.
func newJob(_ index: Int, run: String) -> NewJob {
    let payload = Array(repeating: UInt8(ascii: "x"), count: 1024)
    return NewJob(dedupeKey: "recording.completed|\(run)-\(index)|file-\(index)", kind: "recording.completed",
                  meetingUUID: "\(run)-\(index)==", recordingStart: "2026-11-30T10:00:05Z", hostEmail: "host@uni.edu",
                  topic: "Lecture \(index)", payload: payload)
}

/// Runs `body(thread)` on `count` threads at once; returns the wall time in seconds.
func timed(threads count: Int, _ body: @escaping @Sendable (Int) -> Void) -> Double {
    let done = Semaphore()
    let start = monotonicNanos()
    for thread in 0..<count { _ = startThread { body(thread); done.signal() } }
    for _ in 0..<count { done.wait() }
    return Double(monotonicNanos() - start) / 1e9
}

func measure(_ store: any JobStore, name: String, commits: () -> Int) -> Figures {
    let run = "\(name)-\(getpid())"
    // Warm-up: the connection(s) and the schema are ready before the clock starts.
    _ = try? store.enqueueAndWait([newJob(-1, run: run)], receivedAt: 1)
    let commitsBefore = commits()
    let failures = Atomic<Int>(0)
    let (perSender, senderCount) = ((jobs + senders - 1) / senders, senders)
    note("\(name): \(jobs) new webhooks from \(senderCount) senders")
    let enqueueSeconds = timed(threads: senderCount) { sender in
        for index in (sender * perSender)..<min(jobs, (sender + 1) * perSender) {
            do throws(JobStoreError) {
                let outcome = try store.enqueueAndWait([newJob(index, run: run)], receivedAt: 1000 + Int64(index))
                if outcome.inserted != 1 { failures.add(1, ordering: .relaxed) }
            } catch {
                failures.add(1, ordering: .relaxed)
            }
        }
    }
    guard failures.load(ordering: .relaxed) == 0 else { fail("\(name): \(failures.load(ordering: .relaxed)) enqueues failed") }
    let commitCount = commits() - commitsBefore

    note("\(name): \(workers) workers claim and finish them")
    let claimed = Atomic<Int>(0)
    let claimSeconds = timed(threads: workers) { worker in
        let owner = "bench-w\(worker)"
        for _ in 0...(jobs + 1) {
            do throws(JobStoreError) {
                guard let job = try store.claim(owner: owner, leaseUntil: 9_000_000_000_000, now: 2_000_000) else { return }
                try store.finish(id: job.id, owner: owner, state: .done, reason: nil, entryID: "0_\(job.id)", now: 2_000_001)
                claimed.add(1, ordering: .relaxed)
            } catch {
                failures.add(1, ordering: .relaxed)
                return
            }
        }
    }
    let total = claimed.load(ordering: .relaxed)
    guard failures.load(ordering: .relaxed) == 0, total == jobs + 1 else {
        fail("\(name): \(total) of \(jobs + 1) jobs claimed, \(failures.load(ordering: .relaxed)) errors")
    }
    return Figures(enqueuePerSecond: Double(jobs) / enqueueSeconds, claimsPerSecond: Double(total) / claimSeconds,
                   commits: commitCount)
}

// SQLite: a file in TMPDIR (the script's work directory).
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-bench-\(getpid())")
do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
    fail("cannot create \(directory.path): \(error)")
}
let sqlite = SQLiteJobStore(path: directory.appendingPathComponent("bench.db").path)
sqlite.open()
let sqliteFigures = measure(sqlite, name: "SQLite") { sqlite.commitCount }
sqlite.close()

// PostgreSQL: the given database, or a throwaway durable server on loopback.
var cluster: PostgresCluster?
let url: String
if let given = ProcessInfo.processInfo.environment["BENCH_DATABASE_URL"], given.hasPrefix("postgres") {
    url = given
} else {
    do {
        note("starting a throwaway PostgreSQL server (fsync on)")
        let started = try PostgresCluster(durable: true)
        cluster = started
        url = try started.createDatabase()
    } catch {
        fail("\(error)")
    }
}
var options = PostgresJobStore.Options()
options.connections = workers + 2  // as the service: the workers, the intake thread, the heartbeat
let postgres: PostgresJobStore
do { postgres = try PostgresJobStore(url: url, options: options) } catch { fail("\(error)") }
postgres.open()
guard postgres.health == .ready else { fail("PostgreSQL: \(postgres.health)") }
let postgresFigures = measure(postgres, name: "PostgreSQL") { postgres.commitCount }
postgres.close()
cluster?.stop()
try? FileManager.default.removeItem(at: directory)

func row(_ name: String, _ f: Figures) -> String {
    name.padding(toLength: 12, withPad: " ", startingAt: 0) + String(format: "%12.0f %12.0f %12d", f.enqueuePerSecond, f.claimsPerSecond, f.commits)
}

print("store-bench: \(jobs) new webhooks from \(senders) concurrent senders; \(workers) workers claiming (claim + finish)")
print("store         webhooks/s     claims/s      commits")
print(row("SQLite", sqliteFigures))
print(row("PostgreSQL", postgresFigures))
print("ratio PostgreSQL/SQLite: webhooks \(String(format: "%.2f", postgresFigures.enqueuePerSecond / sqliteFigures.enqueuePerSecond))×, "
      + "claims \(String(format: "%.2f", postgresFigures.claimsPerSecond / sqliteFigures.claimsPerSecond))×")
