#if canImport(Glibc)
import Glibc
#endif
import CShims
import Config
import Foundation
import Logging
import Service
import Simulators

/// The command line: the composition root and nothing else.
let usage = """
    usage: zoom2kaltura [command]

    commands:
      serve          run the service (the default); in sandbox mode (KALTURA_SERVICE_URL unset) it
                     first sends a sample recording through the simulators and shows its jobs
                     (serve --no-sample: without it)
      demo           sandbox mode only: one sample recording end to end against the in-process
                     simulators, progress shown; exits 0 when every job reached its expected state
      check-config   print the effective configuration (secrets masked) and exit
      healthcheck    exit 0 if the service on LISTEN answers GET /healthz (container probe)
      ingest MEETING copy one recording the webhook missed: asks the service on LISTEN (POST /ingest,
                     ADMIN_TOKEN) to fetch it by meeting uuid or numeric id through the Zoom API
      backfill --from YYYY-MM-DD --to YYYY-MM-DD
                     queue every recording of the account made on those UTC days (POST /backfill,
                     at most 366 days); the service walks them day by day in the background
      sim            run the Zoom and Kaltura simulators on loopback (ZOOM_SIM_LISTEN, default
                     127.0.0.1:9001; KALTURA_SIM_LISTEN, default 127.0.0.1:9002) until SIGTERM/SIGINT
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

/// `zoom2kaltura sim`: both simulators with sample credentials, until SIGTERM or SIGINT.
func runSimulators() -> Int32 {
    let environment = ProcessInfo.processInfo.environment
    let zoomListen: SimulatorListen
    let kalturaListen: SimulatorListen
    do {
        zoomListen = try SimulatorListen(parsing: environment["ZOOM_SIM_LISTEN"] ?? "127.0.0.1:9001", variable: "ZOOM_SIM_LISTEN")
        kalturaListen = try SimulatorListen(parsing: environment["KALTURA_SIM_LISTEN"] ?? "127.0.0.1:9002",
                                            variable: "KALTURA_SIM_LISTEN")
    } catch {
        FileHandle.standardError.write(Data("zoom2kaltura: \(error)\n".utf8))
        return 78  // EX_CONFIG
    }
    let signals = z2k_signalfd_for_shutdown()  // before the server threads start, so they inherit the mask
    guard signals >= 0 else {
        FileHandle.standardError.write(Data("zoom2kaltura: signalfd failed (errno \(errno))\n".utf8))
        return 71  // EX_OSERR
    }
    let logger = Logger(level: .info)
    let zoom: ZoomSimulator
    let kaltura: KalturaSimulator
    do {
        zoom = try ZoomSimulator(host: zoomListen.host, port: zoomListen.port, logger: logger)
        kaltura = try KalturaSimulator(host: kalturaListen.host, port: kalturaListen.port, logger: logger)
    } catch {
        FileHandle.standardError.write(Data("zoom2kaltura: cannot listen: \(error)\n".utf8))
        return 69  // EX_UNAVAILABLE
    }
    let webhookSecret = "sim-webhook-secret"
    let sampleUUID = "/sim+Meeting1=="
    let downloadToken = zoom.addRecording(meetingUUID: sampleUUID, files: [
        ZoomFile(id: "sim-file-mp4", size: 256 << 20),
        ZoomFile(id: "sim-file-m4a", fileType: "M4A", recordingType: "audio_only", size: 16 << 20),
        ZoomFile(id: "sim-file-vtt", fileType: "TRANSCRIPT", recordingType: "audio_transcript", size: 4096),
    ])
    print("""
        Zoom simulator:    \(zoom.baseURL)  (OAuth account_id=\(zoom.accountID) client_id=\(zoom.clientID) \
        client_secret=\(zoom.clientSecret); webhook secret for signing: \(webhookSecret))
        Kaltura simulator: \(kaltura.baseURL)  (partner id \(kaltura.partnerID), admin secret \(kaltura.adminSecret); \
        entries at \(kaltura.baseURL)/sim/entries)
        Sample recording \(sampleUUID): curl -L -H 'Authorization: Bearer \(downloadToken)' \
        \(zoom.baseURL)/rec/webhook_download/sim-file-mp4 -o /dev/null  (256 MiB, sha256 \
        \(ZoomSimulator.sha256(fileID: "sim-file-mp4", size: 256 << 20)))
        Press Ctrl-C to stop.
        """)
    fflush(nil)  // all output streams: the banner must show before the wait
    var info = signalfd_siginfo()
    _ = withUnsafeMutableBytes(of: &info) { read(signals, $0.baseAddress, $0.count) }
    zoom.stop()
    kaltura.stop()
    return 0
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first ?? "serve" {
case "serve":
    let options = arguments.dropFirst()
    guard options.allSatisfy({ $0 == "--no-sample" }) else {
        FileHandle.standardError.write(Data("zoom2kaltura: serve takes no argument but --no-sample\n\(usage)\n".utf8))
        exit(64)  // EX_USAGE
    }
    let configuration = loadConfiguration()
    let logger = Logger(level: configuration.logLevel)
    let sample = configuration.isSandbox && !options.contains("--no-sample")
    let started: @Sendable (RunningService) -> Void = { service in if sample { DemoRun.serveSample(service) } }
    exit(Application(configuration: configuration, logger: logger, started: started).run())
case "demo":
    exit(DemoCommand.run(environment: ProcessInfo.processInfo.environment, availableCPUs: Int(z2k_available_cpus())))
case "check-config":
    let configuration = loadConfiguration()
    for (name, value) in configuration.summary { print("\(name)=\(value)") }
    print("# configuration is valid\(configuration.isSandbox ? " (sandbox mode: KALTURA_SERVICE_URL is unset)" : "")")
case "healthcheck":
    exit(HealthCheck.run(loadConfiguration()))
case "sim":
    exit(runSimulators())
case "ingest":
    exit(IngestCommand.ingest(Array(arguments.dropFirst()), environment: ProcessInfo.processInfo.environment,
                              availableCPUs: Int(z2k_available_cpus())))
case "backfill":
    exit(IngestCommand.backfill(Array(arguments.dropFirst()), environment: ProcessInfo.processInfo.environment,
                                availableCPUs: Int(z2k_available_cpus())))
case "version", "--version":
    print("zoom2kaltura \(Version.current)")
case "help", "--help", "-h":
    print(usage)
default:
    FileHandle.standardError.write(Data("zoom2kaltura: unknown command '\(arguments[0])'\n\(usage)\n".utf8))
    exit(64)  // EX_USAGE
}
