#if canImport(Glibc)
import Glibc
#endif
import CShims
import Config
import Foundation
import Logging
import Service

/// The command line: the composition root and nothing else.
let usage = """
    usage: zoom2kaltura [command]

    commands:
      serve          run the service (the default)
      check-config   print the effective configuration (secrets masked) and exit
      healthcheck    exit 0 if the service on LISTEN answers GET /healthz (container probe)
      version        print the version
      help           show this text

    Configuration comes from environment variables; see README.md.
    """

func loadConfiguration() -> Configuration {
    do {
        return try Configuration.load(from: ProcessInfo.processInfo.environment,
                                      availableCPUs: Int(z2k_available_cpus()))
    } catch {
        FileHandle.standardError.write(Data("zoom2kaltura: \(error)\n".utf8))
        exit(78)  // EX_CONFIG
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first ?? "serve" {
case "serve":
    let configuration = loadConfiguration()
    let logger = Logger(level: configuration.logLevel)
    exit(Application(configuration: configuration, logger: logger).run())
case "check-config":
    let configuration = loadConfiguration()
    for (name, value) in configuration.summary { print("\(name)=\(value)") }
    print("# configuration is valid\(configuration.isSandbox ? " (sandbox mode: KALTURA_SERVICE_URL is unset)" : "")")
case "healthcheck":
    exit(HealthCheck.run(loadConfiguration()))
case "version", "--version":
    print("zoom2kaltura \(Version.current)")
case "help", "--help", "-h":
    print(usage)
default:
    FileHandle.standardError.write(Data("zoom2kaltura: unknown command '\(arguments[0])'\n\(usage)\n".utf8))
    exit(64)  // EX_USAGE
}
