// swift-tools-version:6.0
// zoom2kaltura: copies Zoom cloud recordings into Kaltura. See README.md and DESIGN (shared/).
import PackageDescription

/// Warnings are errors in this package: a clean build is part of the definition of done.
let strict: [SwiftSetting] = [.unsafeFlags(["-warnings-as-errors"])]

let package = Package(
    name: "zoom2kaltura",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "zoom2kaltura", targets: ["zoom2kaltura"]),
        .executable(name: "copy-bench", targets: ["copy-bench"]),
        .executable(name: "pool-bench", targets: ["pool-bench"]),
        .executable(name: "store-bench", targets: ["store-bench"]),
    ],
    targets: [
        // MARK: - System C libraries (headers from Debian's -dev packages, found by pkg-config)
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CPostgres", path: "Sources/CPostgres", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        /// Wrappers for C APIs Swift cannot import (variadic functions, macros).
        .target(name: "CShims"),
        /// Typed wrappers for libcurl's variadic curl_easy_setopt/curl_easy_getinfo.
        .target(name: "CCurlShims", dependencies: ["CCurl"]),

        // MARK: - Pure cores
        .target(name: "HTTP1", swiftSettings: strict),
        .target(name: "Crypto", dependencies: ["COpenSSL"], swiftSettings: strict),

        // MARK: - Infrastructure
        /// POSIX threads, clocks and a semaphore: what the event loops and the stores share.
        .target(name: "Platform", swiftSettings: strict),
        .target(name: "Logging", swiftSettings: strict),
        /// Counters, histograms and per-minute series, and their Prometheus text form: what the
        /// intake and the copier count and `GET /metrics` shows. Imports nothing of ours.
        .target(name: "Metrics", swiftSettings: strict),
        .target(name: "Config", dependencies: ["Logging"], swiftSettings: strict),
        .target(name: "HTTPServer", dependencies: ["HTTP1", "Logging", "CShims", "Platform"], swiftSettings: strict),
        .target(name: "Jobs", dependencies: ["CSQLite", "CPostgres", "Platform"], swiftSettings: strict),
        /// libcurl client: requests, streaming download, multipart upload, redirects checked per hop.
        .target(name: "HTTPClient", dependencies: ["CCurl", "CCurlShims", "Config"], swiftSettings: strict),

        // MARK: - Product
        /// Zoom webhooks: signature verification, the event model and its segments (pure, no network).
        .target(name: "Zoom", dependencies: ["Crypto", "Config", "HTTPClient", "HTTP1", "Platform"], swiftSettings: strict),
        /// Kaltura API v3 client: sessions (KS), upload tokens, media, users, captions and attachments.
        .target(name: "Kaltura", dependencies: ["HTTPClient", "HTTP1", "Crypto", "Config"], swiftSettings: strict),
        .target(name: "Admin", dependencies: ["HTTPServer", "Crypto", "Config", "Jobs", "Metrics", "Zoom", "Platform"],
                swiftSettings: strict),
        /// The copy pipeline and, later, the workers that run it.
        .target(name: "Copier", dependencies: ["Crypto", "Zoom", "Kaltura", "HTTPClient", "Config", "Logging", "Platform", "Jobs",
                                                "Metrics"],
                swiftSettings: strict),
        /// The webhook endpoint: verify, decode, store durably, answer.
        .target(name: "Intake", dependencies: ["HTTPServer", "HTTP1", "Zoom", "Jobs", "Logging", "Platform", "Crypto", "Metrics",
                                               "Admin"],
                swiftSettings: strict),
        .target(name: "Service", dependencies: ["Admin", "Intake", "Jobs", "Zoom", "HTTPServer", "Config", "Logging", "CShims", "Platform",
                                                "Copier", "Kaltura", "HTTPClient", "Simulators", "Crypto", "Metrics"],
                swiftSettings: strict),
        .executableTarget(name: "zoom2kaltura", dependencies: ["Service", "Config", "Logging", "Simulators"],
                          swiftSettings: strict),

        /// Zoom and Kaltura simulators: test equipment as strict as the real services, and `zoom2kaltura sim`.
        .target(name: "Simulators", dependencies: ["HTTPServer", "HTTP1", "Crypto", "HTTPClient", "Logging", "Platform"],
                swiftSettings: strict),

        /// The transfer benchmark's simulator and copier halves (Benchmarks/copy-bench.sh).
        .executableTarget(name: "copy-bench", dependencies: ["Copier", "Crypto", "Zoom", "Kaltura", "HTTPClient", "Simulators", "Config"],
                          path: "Benchmarks/CopyBench", swiftSettings: strict),
        /// The worker-pool benchmark: the release service copying 50 recordings (Benchmarks/pool-bench.sh).
        .executableTarget(name: "pool-bench", dependencies: ["Simulators", "HTTPClient", "Crypto", "TestSupport"],
                          path: "Benchmarks/PoolBench", swiftSettings: strict),
        /// The job store benchmark: new webhooks and claims per second, SQLite next to PostgreSQL
        /// (Benchmarks/store-bench.sh).
        .executableTarget(name: "store-bench", dependencies: ["Jobs", "Platform", "TestSupport"],
                          path: "Benchmarks/StoreBench", swiftSettings: strict),

        // MARK: - Tests
        /// Loopback clients and the child-process harness shared by the integration tests.
        .target(name: "TestSupport", dependencies: ["Zoom", "HTTPServer", "CPostgres"], swiftSettings: strict),
        .testTarget(name: "HTTP1Tests", dependencies: ["HTTP1"], exclude: ["Corpus"], swiftSettings: strict),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "HTTP1", "Logging", "TestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "HTTPServer", "HTTP1", "Config", "Logging",
                                                            "TestSupport", "Crypto"], swiftSettings: strict),
        .testTarget(name: "ConfigTests", dependencies: ["Config"], swiftSettings: strict),
        .testTarget(name: "KalturaTests", dependencies: ["Kaltura", "HTTPClient", "HTTPServer", "HTTP1", "Crypto", "Config",
                                                         "TestSupport"], swiftSettings: strict),
        .testTarget(name: "ZoomTests", dependencies: ["Zoom", "Crypto", "Config", "HTTPClient", "HTTPServer", "HTTP1", "TestSupport", "Platform"], exclude: ["Fixtures"],
                    swiftSettings: strict),
        .testTarget(name: "IntakeTests", dependencies: ["Intake", "Zoom", "Jobs", "HTTPServer", "Logging", "Config",
                                                        "Crypto", "TestSupport", "Admin", "Simulators", "HTTPClient"],
                    swiftSettings: strict),
        .testTarget(name: "CopierTests", dependencies: ["Copier", "Crypto", "Zoom", "Kaltura", "HTTPClient", "Simulators", "Config",
                                                       "Jobs", "Intake", "Logging", "Platform", "Metrics"],
                    swiftSettings: strict),
        .testTarget(name: "SimulatorsTests", dependencies: ["Simulators", "HTTPServer", "HTTPClient", "Crypto", "TestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "AdminTests", dependencies: ["Admin", "Metrics", "HTTPServer", "HTTP1", "Jobs", "Config", "Logging",
                                                       "TestSupport"], swiftSettings: strict),
        .testTarget(name: "JobsTests", dependencies: ["Jobs", "Platform", "CSQLite", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "ServiceTests", dependencies: ["zoom2kaltura", "Service", "Admin", "Crypto", "HTTP1", "Jobs", "TestSupport",
                                                        "Simulators"],
                    swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
