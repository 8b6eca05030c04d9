#if canImport(Glibc)
import Glibc
#endif
import Config
import Foundation
import HTTPClient
import Logging
import Zoom

/// `zoom2kaltura ingest <meeting>` and `zoom2kaltura backfill --from DATE --to DATE`: the
/// command-line twins of `POST /ingest` and `POST /backfill`. They ask the service running on
/// `LISTEN` (127.0.0.1 when it listens on every address) with `ADMIN_TOKEN`, or in sandbox
/// mode the token file the service made, and print its answer.
///
/// Exit status: 0 when the service answered 200, 1 for any other answer or none, 64 for a
/// usage error, 78 for a configuration the service would refuse too.
public enum IngestCommand {
    public static let ingestUsage = "usage: zoom2kaltura ingest <meeting uuid or numeric meeting id>"
    public static let backfillUsage = "usage: zoom2kaltura backfill --from YYYY-MM-DD --to YYYY-MM-DD (UTC days, at most 366)"

    /// `ingest <meeting>`.
    public static func ingest(_ arguments: [String], environment: [String: String], availableCPUs: Int) -> Int32 {
        guard arguments.count == 1, let meeting = arguments.first?.trimmingCharacters(in: .whitespaces), !meeting.isEmpty,
              !meeting.hasPrefix("-") else {
            return usageError(arguments.isEmpty ? "ingest needs a meeting" : "ingest takes exactly one meeting", ingestUsage)
        }
        var body = #"{"meeting":"#
        appendJSONString(meeting, to: &body)
        return call("/ingest", body: body + "}", environment: environment, availableCPUs: availableCPUs)
    }

    /// `backfill --from DATE --to DATE` (also `--from=DATE`).
    public static func backfill(_ arguments: [String], environment: [String: String], availableCPUs: Int) -> Int32 {
        var options: [String: String] = [:]
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            let name: String
            let value: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            } else {
                name = argument
                value = rest.popFirst()
            }
            guard ["--from", "--to"].contains(name) else { return usageError("unknown option '\(argument)'", backfillUsage) }
            guard let value, options[name] == nil else {
                return usageError(value == nil ? "\(name) needs a date" : "\(name) given twice", backfillUsage)
            }
            options[name] = value
        }
        guard let from = options["--from"], let to = options["--to"] else {
            return usageError("backfill needs --from and --to", backfillUsage)
        }
        do throws(BackfillRangeError) {
            _ = try BackfillRange(from: from, to: to)
        } catch {
            return usageError(error.description, backfillUsage)
        }
        var body = #"{"from":"#
        appendJSONString(from, to: &body)
        body += #","to":"#
        appendJSONString(to, to: &body)
        return call("/backfill", body: body + "}", environment: environment, availableCPUs: availableCPUs)
    }

    /// POSTs `body` to the service's `path`; prints the answer.
    static func call(_ path: String, body: String, environment: [String: String], availableCPUs: Int) -> Int32 {
        let configuration: Configuration
        do {
            configuration = try Configuration.load(from: environment, availableCPUs: availableCPUs)
        } catch {
            printError("\(error)")
            return 78  // EX_CONFIG
        }
        guard let token = adminToken(configuration) else {
            printError("no admin token: set ADMIN_TOKEN (in sandbox mode, the service keeps one in "
                       + "\((configuration.dataDirectory as NSString).appendingPathComponent(AdminTokenFile.name)))")
            return 1
        }
        let url = baseURL(configuration) + path
        let request = HTTPRequest(method: "POST", url: url, headers: [
            HTTPHeader("Authorization", "Bearer \(token.reveal())"), HTTPHeader("Content-Type", "application/json"),
        ], body: .bytes(Array(body.utf8)), timeouts: HTTPTimeouts(connect: .seconds(5), total: .seconds(60)))
        let response: HTTPResponse
        do throws(HTTPClientError) {
            response = try HTTPClient().send(request, maxBodyBytes: 1 << 20)
        } catch {
            printError("cannot reach the service at \(url): \(error)")
            return 1
        }
        let text = String(decoding: response.body, as: UTF8.self)
        guard response.status == 200 else {
            printError("the service answered HTTP \(response.status): \(text)")
            return 1
        }
        print(text)
        return 0
    }

    /// `http://host:port` of the service on `LISTEN`, loopback for a wildcard address.
    static func baseURL(_ configuration: Configuration) -> String {
        var host = configuration.listenHost
        if host == "0.0.0.0" { host = "127.0.0.1" }
        if host == "::" { host = "::1" }
        return host.contains(":") ? "http://[\(host)]:\(configuration.listenPort)" : "http://\(host):\(configuration.listenPort)"
    }

    /// `ADMIN_TOKEN`, else the sandbox token file next to the database.
    static func adminToken(_ configuration: Configuration) -> Secret? {
        if let token = configuration.adminToken { return token }
        let path = (configuration.dataDirectory as NSString).appendingPathComponent(AdminTokenFile.name)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
              !text.isEmpty else { return nil }
        return Secret(text)
    }

    static func usageError(_ problem: String, _ usage: String) -> Int32 {
        printError("\(problem)\n\(usage)")
        return 64  // EX_USAGE
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("zoom2kaltura: \(message)\n".utf8))
    }
}
