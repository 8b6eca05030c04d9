// copy-bench: the transfer benchmark's two halves, run as separate processes so that each
// one's CPU time and memory can be measured on its own.
//
//   copy-bench sim SIZE FILES      Zoom and Kaltura simulators on loopback with one recording of
//                                  FILES files of SIZE bytes; prints one JSON line (URLs,
//                                  credentials, token, expected SHA-256s), serves until killed.
//   copy-bench copy INFO N CHUNK   copies files 1…N of the recording INFO (that JSON line, in a
//                                  file) concurrently through the copier into Kaltura entries;
//                                  prints one JSON line: seconds, bytes, CPU seconds, peak RSS,
//                                  and whether every entry's SHA-256 matches the source.
#if canImport(Glibc)
import Glibc
#endif
import Config
import Copier
import Crypto
import Foundation
import HTTPClient
import Kaltura
import Simulators
import Zoom

struct Info: Codable {
    var zoom: String
    var kaltura: String
    var zoomPort: Int
    var partnerID: Int
    var adminSecret: String
    var meetingUUID: String
    var token: String
    var files: [String]
    var size: Int
    var sha256: [String]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("copy-bench: \(message)\n".utf8))
    exit(2)
}

func runSimulators(size: Int, files: Int) -> Never {
    do {
        let zoom = try ZoomSimulator()
        let kaltura = try KalturaSimulator()
        let uuid = "bench-meeting=="
        let ids = (1...files).map { "bench-file-\($0)" }
        let token = zoom.addRecording(meetingUUID: uuid, files: ids.map { ZoomFile(id: $0, size: size) })
        let info = Info(zoom: zoom.baseURL, kaltura: kaltura.baseURL, zoomPort: zoom.port, partnerID: kaltura.partnerID,
                        adminSecret: kaltura.adminSecret, meetingUUID: uuid, token: token, files: ids, size: size,
                        sha256: ids.map { ZoomSimulator.sha256(fileID: $0, size: size) })
        let line = String(decoding: try JSONEncoder().encode(info), as: UTF8.self)
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
        while true { pause() }
    } catch {
        fail("cannot start the simulators: \(error)")
    }
}

/// Results from the concurrent copies.
final class Outcomes: @unchecked Sendable {
    // Invariant for @unchecked Sendable: both vars only under `lock`.
    private let lock = NSLock()
    private var ok = 0
    private var failures: [String] = []

    func add(_ failure: String?) {
        lock.withLock { if let failure { failures.append(failure) } else { ok += 1 } }
    }

    var snapshot: (Int, [String]) { lock.withLock { (ok, failures) } }
}

func runCopies(infoPath: String, count: Int, chunk: Int) -> Never {
    guard let data = FileManager.default.contents(atPath: infoPath),
          let info = try? JSONDecoder().decode(Info.self, from: data), count <= info.files.count else {
        fail("cannot read \(infoPath) or it has fewer than \(count) files")
    }
    let http = HTTPClient()
    let client = KalturaClient(credentials: KalturaCredentials(serviceURL: info.kaltura, partnerID: info.partnerID,
                                                               adminSecret: Secret(info.adminSecret)), http: http)
    let rules = [HostRule(parsing: "http://127.0.0.1:\(info.zoomPort)")].compactMap { $0 }
    let downloader = ZoomDownloader(http: http, allowedHosts: rules)
    let outcomes = Outcomes()
    let started = Date()
    DispatchQueue.concurrentPerform(iterations: count) { index in
        let id = info.files[index]
        let source = ZoomFileSource(downloader: downloader,
                                    location: .init(url: "\(info.zoom)/rec/webhook_download/\(id)", token: info.token),
                                    fileSize: Int64(info.size))
        let copier = ChunkedCopier(source: source, destination: KalturaUploadTarget(client: client), chunkSize: chunk)
        do {
            let result = try copier.copy(fileName: "\(id).mp4", fileSize: Int64(info.size)) { _ in }
            let entry = try client.addMedia(NewMediaEntry(name: id, userID: "bench@uni.edu", referenceID: "Zoom_\(id)"))
            _ = try client.addContent(entryID: entry.id, uploadTokenID: result.uploadToken)
            let match = result.sha256.map(Digest.hex) == info.sha256[index]
            outcomes.add(match ? nil : "\(id): digest differs")
        } catch {
            outcomes.add("\(id): \(error)")
        }
    }
    let seconds = Date().timeIntervalSince(started)
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1_000_000
    let (ok, failures) = outcomes.snapshot
    let summary: [String: Any] = ["seconds": seconds, "bytes": info.size * count, "cpu_seconds": cpu,
                                  "max_rss_kib": usage.ru_maxrss, "copies_ok": ok, "failures": failures]
    print(String(decoding: try! JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys]), as: UTF8.self))
    exit(failures.isEmpty ? 0 : 1)
}

let arguments = CommandLine.arguments
switch arguments.count > 1 ? arguments[1] : "" {
case "sim":
    guard arguments.count == 4, let size = Int(arguments[2]), let files = Int(arguments[3]), files > 0 else {
        fail("usage: copy-bench sim SIZE FILES")
    }
    runSimulators(size: size, files: files)
case "copy":
    guard arguments.count == 5, let count = Int(arguments[3]), let chunk = Int(arguments[4]), count > 0, chunk > 0 else {
        fail("usage: copy-bench copy INFO N CHUNK")
    }
    runCopies(infoPath: arguments[2], count: count, chunk: chunk)
default:
    fail("usage: copy-bench sim SIZE FILES | copy-bench copy INFO N CHUNK")
}
