// pool-bench: the worker pool end to end. Both simulators run in this process on loopback; the
// release service runs as a child against them. RECORDINGS recordings of one SIZE_MIB MP4 each
// (host matched) are announced by signed webhooks, and the service copies them with WORKERS
// workers; then the same copies are done one after another with curl (download to a file, then
// chunk uploads, media.add, media.addContent), for comparison in the same run.
//
//   pool-bench [BINARY]     BINARY: the service (default: zoom2kaltura next to this executable)
//   RECORDINGS=50 SIZE_MIB=20 WORKERS=4 CHUNK_MIB=8 NAIVE=1 (0 skips the curl path)
//
// Prints a table: wall time (first webhook → last job done), MiB/s, the child's peak RSS
// (VmHWM) and CPU seconds; exits 1 when a copy is missing or differs from Zoom's bytes.
#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Foundation
import HTTPClient
import Simulators
import TestSupport

/// The service child's pid once started, so that a failure or a signal does not leave it running.
/// Invariant for nonisolated(unsafe): written once by the main thread before the service can
/// be busy; read by `fail` and the signal handler only.
nonisolated(unsafe) var childPID: pid_t = 0

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("pool-bench: \(message)\n".utf8))
    if childPID > 0 { kill(childPID, SIGKILL) }
    exit(1)
}

/// SIGINT/SIGTERM (the bench script's cleanup, Ctrl-C): the child goes too.
func stopChildOnSignals() {
    for signalNumber in [SIGINT, SIGTERM] {
        signal(signalNumber) { number in
            if childPID > 0 { kill(childPID, SIGKILL) }
            _exit(128 + number)
        }
    }
}

func note(_ message: String) { FileHandle.standardError.write(Data("[pool-bench] \(message)\n".utf8)) }

func setting(_ name: String, _ fallback: Int) -> Int {
    guard let text = ProcessInfo.processInfo.environment[name] else { return fallback }
    guard let value = Int(text), value >= 0 else { fail("\(name) must be a whole number, got '\(text)'") }
    return value
}

/// `/proc/{pid}/status` field (kB) as MiB.
func procStatusMiB(_ pid: Int32, _ field: String) -> Double? {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
          let kib = Double(line.split(separator: " ").dropFirst().first { !$0.isEmpty } ?? "") else { return nil }
    return kib / 1024
}

/// User + system CPU seconds of a process so far.
func cpuSeconds(_ pid: Int32) -> Double? {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = text.lastIndex(of: ")") else { return nil }
    let fields = text[text.index(after: close)...].split(separator: " ")  // fields[0] is field 3 (state)
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// `/status` job counts.
func jobCounts(_ http: HTTPClient, port: Int, token: String) -> [String: Int]? {
    let request = HTTPRequest(url: "http://127.0.0.1:\(port)/status", headers: [HTTPHeader("Authorization", "Bearer \(token)")])
    guard let response = try? http.send(request), response.status == 200,
          let json = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else { return nil }
    return json["jobs"] as? [String: Int]
}

/// Runs curl (posix_spawn and waitpid: Foundation's `Process` adds ~50 ms per run on Linux,
/// which would be charged to the curl path). Dies when curl fails.
func curl(_ arguments: [String]) {
    let argv = (["curl", "-sS", "--fail"] + arguments).map { strdup($0) } + [nil]
    let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawnp(&pid, "curl", nil, nil, argv, envp)
    guard spawned == 0 else { fail("cannot run curl: \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1, errno == EINTR {}
    guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
        fail("curl \(arguments.last ?? "") failed (wait status \(status))")
    }
}

/// A Kaltura API call with a JSON body, by curl (the answer goes through `scratch`); the `id` of
/// the object it returns, or the string it returns.
func kalturaJSON(_ base: String, _ path: String, _ body: [String: Any], scratch: String) -> String {
    let json = (try? JSONSerialization.data(withJSONObject: body)) ?? Data()
    curl(["-o", scratch, "-H", "Content-Type: application/json", "--data-binary", String(decoding: json, as: UTF8.self),
          "\(base)/api_v3/service/\(path)"])
    let data = FileManager.default.contents(atPath: scratch) ?? Data()
    let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    if let id = (object as? [String: Any])?["id"] as? String { return id }
    if let text = object as? String { return text }
    fail("unexpected answer from \(path): \(String(decoding: data, as: UTF8.self).prefix(300))")
}

func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - text.count))
    return left ? text + fill : fill + text
}

func main() -> Never {
    let recordings = setting("RECORDINGS", 50)
    let sizeMiB = setting("SIZE_MIB", 20)
    let workers = setting("WORKERS", 4)
    let chunkMiB = setting("CHUNK_MIB", 8)
    let runNaive = setting("NAIVE", 1) != 0
    let size = sizeMiB << 20
    let host = "bench@uni.edu"
    let binary = CommandLine.arguments.count > 1 ? URL(fileURLWithPath: CommandLine.arguments[1])
        : URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("zoom2kaltura")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else { fail("\(binary.path) is not an executable") }
    guard recordings > 0, sizeMiB > 0, workers > 0, chunkMiB > 0 else {
        fail("RECORDINGS, SIZE_MIB, WORKERS and CHUNK_MIB must be positive")
    }
    let http = HTTPClient(userAgent: "pool-bench")

    // MARK: - Simulators and recordings

    let zoom: ZoomSimulator
    let kaltura: KalturaSimulator
    do {
        zoom = try ZoomSimulator()
        kaltura = try KalturaSimulator()
    } catch {
        fail("cannot start the simulators: \(error)")
    }
    kaltura.addUser(KalturaUser(id: host, email: host, status: 1))
    let fileIDs = (1...recordings).map { "pool-bench-file-\($0)" }
    var bodies: [[UInt8]] = []
    for (index, id) in fileIDs.enumerated() {
        let uuid = "pool-bench-\(index + 1)=="
        zoom.addRecording(meetingUUID: uuid, topic: "Bench \(index + 1)", hostEmail: host, files: [ZoomFile(id: id, size: size)])
        guard let body = zoom.recordingCompletedBody(meetingUUID: uuid) else { fail("no webhook body for \(uuid)") }
        bodies.append(body)
    }
    note("computing the expected SHA-256 of \(recordings) × \(sizeMiB) MiB")
    let expected = Dictionary(uniqueKeysWithValues: fileIDs.map { ($0, ZoomSimulator.sha256(fileID: $0, size: size)) })

    // MARK: - The service

    let webhookSecret = Digest.hex(Digest.randomBytes(16))
    let adminToken = Digest.hex(Digest.randomBytes(16))
    let service: ServiceProcess
    do {
        service = try ServiceProcess(environment: [
            "KALTURA_SERVICE_URL": kaltura.baseURL, "KALTURA_PARTNER_ID": String(kaltura.partnerID),
            "KALTURA_ADMIN_SECRET": kaltura.adminSecret, "ZOOM_WEBHOOK_SECRET": webhookSecret, "ADMIN_TOKEN": adminToken,
            "ZOOM_ACCOUNT_ID": zoom.accountID, "ZOOM_CLIENT_ID": zoom.clientID, "ZOOM_CLIENT_SECRET": zoom.clientSecret,
            "ZOOM_API_URL": "\(zoom.baseURL)/v2", "ZOOM_OAUTH_URL": "\(zoom.baseURL)/oauth/token",
            "ZOOM_DOWNLOAD_HOSTS": "http://127.0.0.1:\(zoom.port)", "WORKERS": String(workers), "CHUNK_SIZE": "\(chunkMiB)MiB",
        ], binary: binary)
    } catch {
        fail("the service did not start: \(error)")
    }
    let pid = service.process.processIdentifier
    childPID = pid
    stopChildOnSignals()
    note("service pid \(pid) on 127.0.0.1:\(service.port) (\(binary.path)); sending \(recordings) webhooks")

    let started = ContinuousClock.now
    for body in bodies {
        do {
            let answer = try zoom.sendWebhook(to: "http://127.0.0.1:\(service.port)/webhooks/zoom", secret: webhookSecret,
                                              body: body)
            guard answer.status == 200 else {
                fail("a webhook got \(answer.status): \(String(decoding: answer.body, as: UTF8.self))")
            }
        } catch {
            fail("a webhook was not delivered: \(error)")
        }
    }
    let webhooksSeconds = seconds(since: started)
    var serviceSeconds = 0.0
    let deadline = started + .seconds(900)
    while true {
        let counts = jobCounts(http, port: service.port, token: adminToken) ?? [:]
        if counts["done"] == recordings {
            serviceSeconds = seconds(since: started)
            break
        }
        if (counts["failed"] ?? 0) > 0 || (counts["held"] ?? 0) > 0 || (counts["skipped"] ?? 0) > 0 {
            fail("jobs did not all copy: \(counts)\n" + service.output.suffix(20).joined(separator: "\n"))
        }
        guard service.process.isRunning, ContinuousClock.now < deadline else {
            fail("not done in time (or the service exited): \(counts)\n" + service.output.suffix(20).joined(separator: "\n"))
        }
        usleep(10_000)
    }
    let servicePeakRSS = procStatusMiB(pid, "VmHWM") ?? .nan
    let serviceCPU = cpuSeconds(pid) ?? .nan
    service.stop()
    childPID = 0

    let entries = kaltura.entries().filter { $0.status != 3 && ($0.referenceID ?? "").hasPrefix("Zoom_pool-bench-") }
    // Every file's bytes differ, so equal sets of digests mean every file arrived once, intact.
    let verified = entries.count == recordings && entries.allSatisfy { $0.status == 2 && $0.userID == host }
        && Set(entries.compactMap(\.contentSHA256)) == Set(expected.values)

    // MARK: - Sequential curl: download to a file, then upload it

    var naiveSeconds: Double?
    var naiveVerified = true
    if runNaive {
        note("sequential curl: download to a file, then \(chunkMiB) MiB chunk uploads, \(recordings) times")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("pool-bench-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let file = work.appendingPathComponent("download.mp4").path
        let piece = work.appendingPathComponent("chunk.bin").path
        let answer = work.appendingPathComponent("answer.json").path
        func api(_ path: String, _ body: [String: Any]) -> String { kalturaJSON(kaltura.baseURL, path, body, scratch: answer) }
        let chunk = chunkMiB << 20
        let tokens = fileIDs.enumerated().map { zoom.issueDownloadToken(meetingUUID: "pool-bench-\($0.offset + 1)==") }
        let naiveStart = ContinuousClock.now
        let ks = api("session/action/start", ["format": 1, "secret": kaltura.adminSecret, "partnerId": kaltura.partnerID,
                                              "type": 2, "userId": ""])
        for (index, id) in fileIDs.enumerated() {
            curl(["-L", "-o", file, "-H", "Authorization: Bearer \(tokens[index])",
                  "\(zoom.baseURL)/rec/webhook_download/\(id)"])
            let token = api("uploadToken/action/add", ["format": 1, "ks": ks, "uploadToken": [
                "objectType": "KalturaUploadToken", "fileName": "\(id).mp4", "fileSize": size] as [String: Any]])
            guard let input = FileHandle(forReadingAtPath: file) else { fail("cannot read \(file)") }
            var offset = 0
            while offset < size {
                let bytes = input.readData(ofLength: chunk)
                guard FileManager.default.createFile(atPath: piece, contents: bytes) else { fail("cannot write \(piece)") }
                let final = offset + bytes.count >= size
                curl(["-o", "/dev/null", "-F", "format=1", "-F", "ks=\(ks)", "-F", "uploadTokenId=\(token)",
                          "-F", "resume=\(offset > 0 ? 1 : 0)", "-F", "finalChunk=\(final ? 1 : 0)",
                          "-F", "resumeAt=\(offset > 0 ? offset : -1)",
                          "-F", "fileData=@\(piece);filename=chunk.bin;type=application/octet-stream",
                          "\(kaltura.baseURL)/api_v3/service/uploadToken/action/upload"])
                offset += bytes.count
                if bytes.isEmpty { fail("\(file) is shorter than \(size) bytes") }
            }
            try? input.close()
            let entry = api("media/action/add", ["format": 1, "ks": ks, "entry": [
                "objectType": "KalturaMediaEntry", "name": id, "mediaType": 1, "userId": host,
                "referenceId": "Naive_\(id)"] as [String: Any]])
            _ = api("media/action/addContent", ["format": 1, "ks": ks, "entryId": entry, "resource": [
                "objectType": "KalturaUploadedFileTokenResource", "token": token]])
            naiveVerified = naiveVerified && kaltura.entry(id: entry)?.contentSHA256 == expected[id]
        }
        naiveSeconds = seconds(since: naiveStart)
    }

    // MARK: - Report

    let totalMiB = Double(recordings * sizeMiB)
    func row(_ path: String, _ wall: Double, _ rss: String, _ cpu: String) -> String {
        pad(path, 48, left: true) + pad(String(format: "%.2f", wall), 9) + pad(String(format: "%.1f", totalMiB / wall), 9)
            + pad(rss, 14) + pad(cpu, 9)
    }
    print("pool: \(recordings) recordings × \(sizeMiB) MiB MP4 (host matched), WORKERS=\(workers), CHUNK_SIZE=\(chunkMiB)MiB, "
          + "\(ProcessInfo.processInfo.activeProcessorCount) CPUs; simulators in the bench process on loopback\n")
    print(pad("path", 48, left: true) + pad("wall s", 9) + pad("MiB/s", 9) + pad("peak RSS MiB", 14) + pad("CPU s", 9))
    print(row("zoom2kaltura serve, \(workers) workers (webhook→done)", serviceSeconds,
              String(format: "%.1f", servicePeakRSS), String(format: "%.1f", serviceCPU)))
    if let naiveSeconds {
        print(row("sequential curl: download to file, then upload", naiveSeconds, "-", "-"))
    }
    print("")
    print(String(format: "%d webhooks answered 200 in %.2f s; first webhook → last job done: %.2f s", recordings,
                 webhooksSeconds, serviceSeconds))
    if let naiveSeconds {
        print(String(format: "service throughput / sequential curl: %.2f", naiveSeconds / serviceSeconds))
    }
    print("service entries: \(entries.count) live, READY, owned by \(host), SHA-256 equal to Zoom's: \(verified ? "yes" : "NO")")
    if runNaive { print("curl entries: SHA-256 equal to Zoom's: \(naiveVerified ? "yes" : "NO")") }
    zoom.stop()
    kaltura.stop()
    exit(verified && naiveVerified ? 0 : 1)
}

main()
