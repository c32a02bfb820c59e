// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "chatsla",
    // macOS 15: `Synchronization.Mutex`.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "chatsla", targets: ["chatsla"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // libpq, the only C library the project links.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // glibc's <malloc.h> (mallopt), for the report's allocator setting; nothing to link.
        .systemLibrary(name: "CMalloc"),
        .target(name: "PostgresClient", dependencies: ["CLibPQ"]),
        // The private PostgreSQL cluster (initdb, pg_ctl) of `chatsla db` and of the test suite.
        .target(name: "EmbeddedPostgres", dependencies: ["PostgresClient", "ChildProcesses"]),
        // Programs started and waited for without Foundation's Process (see ChildProcess).
        .target(name: "ChildProcesses"),
        .target(name: "ChatDomain"),
        .target(
            name: "ChatStore",
            dependencies: [
                "PostgresClient", "ChatDomain", .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "SLAAnalytics", dependencies: ["ChatDomain"]),
        .target(
            name: "Reports",
            dependencies: ["SLAAnalytics", .product(name: "Mustache", package: "swift-mustache")]
        ),
        // The report and tune runs: the store's extraction streamed into the engine on several
        // connections, and the figures written by Reports.
        .target(
            name: "ReportRuns",
            dependencies: [
                "PostgresClient", "ChatDomain", "ChatStore", "SLAAnalytics", "Reports",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "EventGenerator", dependencies: ["ChatDomain"]),
        // `chatsla serve`: HTTP ingestion (hummingbird 2) through the same Ingester as `chatsla ingest`.
        .target(
            name: "IngestServer",
            dependencies: [
                "PostgresClient", "ChatDomain", "ChatStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `chatsla bench`: the measurements and their baselines (the CLI parses options and prints).
        .target(
            name: "Benchmarks",
            dependencies: [
                "PostgresClient", "ChatDomain", "ChatStore", "SLAAnalytics", "ReportRuns", "EventGenerator",
                "IngestServer", "ChildProcesses", .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "chatsla",
            dependencies: [
                "PostgresClient", "EmbeddedPostgres", "ChatDomain", "ChatStore", "SLAAnalytics", "Reports",
                "ReportRuns", "EventGenerator", "CMalloc", "IngestServer", "Benchmarks", "ChildProcesses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "PostgresClient", "EmbeddedPostgres", "ChatStore", "ChildProcesses",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "PostgresClientTests",
            dependencies: ["PostgresClient", "ChatDomain", "TestSupport", "ChildProcesses"]
        ),
        .testTarget(
            name: "EmbeddedPostgresTests",
            dependencies: ["EmbeddedPostgres", "PostgresClient", "TestSupport"]
        ),
        .testTarget(name: "ChildProcessesTests", dependencies: ["ChildProcesses"]),
        .testTarget(name: "ChatDomainTests", dependencies: ["ChatDomain"]),
        .testTarget(
            name: "ChatStoreTests",
            dependencies: [
                "ChatStore", "ChatDomain", "EventGenerator", "Reports", "ReportRuns", "SLAAnalytics", "TestSupport",
                "ChildProcesses",
            ]
        ),
        .testTarget(name: "SLAAnalyticsTests", dependencies: ["SLAAnalytics", "ChatDomain"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "SLAAnalytics"]),
        .testTarget(name: "BenchmarksTests", dependencies: ["Benchmarks", "ChatStore", "ChatDomain", "TestSupport"]),
        .testTarget(name: "EventGeneratorTests", dependencies: ["EventGenerator", "ChatDomain"]),
        // Runs the built chatsla binary (beside the test bundle) as a user would.
        .testTarget(
            name: "chatslaTests",
            dependencies: [
                "TestSupport", "ChatStore", "ChildProcesses", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "IngestServerTests",
            dependencies: [
                "IngestServer", "ChatStore", "ChatDomain", "EventGenerator", "Reports", "ReportRuns", "SLAAnalytics",
                "TestSupport", "EmbeddedPostgres", "ChildProcesses",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
