import Foundation
import Simulators
import Synchronization
import Testing
import TestSupport

/// Several `zoom2kaltura serve` processes on one database, as a load balancer sees them: a
/// webhook goes to a random live replica, and to another one when that one does not answer
/// 200 (as Zoom retries).
final class ReplicaFleet: Sendable {
    let replicas: [ServiceProcess]
    private let dead = Mutex<Set<Int>>([])

    init(count: Int, environment: [String: String]) throws {
        replicas = try (0..<count).map { _ in try ServiceProcess(environment: environment) }
    }

    func stop() { for replica in replicas { replica.stop() } }

    var live: [Int] { let dead = self.dead.withLock { $0 }; return replicas.indices.filter { !dead.contains($0) } }

    /// SIGKILLs replica `index`; later deliveries avoid it.
    func kill(_ index: Int) {
        dead.withLock { _ = $0.insert(index) }
        replicas[index].crash()
    }

    /// Delivers the recording's webhook to a random live replica until one answers 200 (at most
    /// 20 tries); throws with the last answer otherwise.
    func deliver(uuid: String, rig: Rig) throws {
        var last = "no live replica"
        for _ in 0..<20 {
            guard let index = live.randomElement() else { break }
            let body = try #require(rig.zoom.recordingCompletedBody(meetingUUID: uuid))
            do {
                let answer = try rig.zoom.sendWebhook(to: "http://127.0.0.1:\(replicas[index].port)/webhooks/zoom",
                                                      secret: rig.webhookSecret, body: body)
                if answer.status == 200 { return }
                last = "replica \(index) answered \(answer.status)"
            } catch {
                last = "replica \(index): \(error)"
            }
        }
        throw TestConnection.Failure(description: "webhook for \(uuid) not acknowledged: \(last)")
    }

    /// The transfers `/status` of replica `index` shows in flight: (job id, file id, bytes, total).
    func transfers(_ index: Int, token: String) -> [(jobID: Int64, fileID: String, bytes: Int64, total: Int64)] {
        guard let connection = try? TestConnection(port: replicas[index].port),
              (try? connection.send("GET /status HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n\r\n")) != nil,
              let response = try? connection.readResponse(), response.status == 200,
              let json = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let transfers = json["transfers"] as? [[String: Any]] else { return [] }
        return transfers.compactMap { transfer in
            guard let job = (transfer["job_id"] as? NSNumber)?.int64Value, let file = transfer["file_id"] as? String,
                  let bytes = (transfer["bytes"] as? NSNumber)?.int64Value, let total = (transfer["total"] as? NSNumber)?.int64Value
            else { return nil }
            return (job, file, bytes, total)
        }
    }
}
