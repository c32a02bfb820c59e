// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "chatsla",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "chatsla", targets: ["chatsla"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
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
        .target(name: "ChatDomain"),
        .target(
            name: "ChatStore",
            dependencies: [
                "PostgresClient", "ChatDomain", "SLAAnalytics", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "SLAAnalytics", dependencies: ["ChatDomain"]),
        .target(
            name: "Reports",
            dependencies: ["SLAAnalytics", .product(name: "Mustache", package: "swift-mustache")]
        ),
        .target(name: "EventGenerator", dependencies: ["ChatDomain"]),
        .executableTarget(
            name: "chatsla",
            dependencies: [
                "PostgresClient", "ChatDomain", "ChatStore", "SLAAnalytics", "Reports", "EventGenerator", "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TestSupport",
            dependencies: ["PostgresClient", "ChatStore", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "PostgresClientTests", dependencies: ["PostgresClient", "TestSupport"]),
        .testTarget(name: "ChatDomainTests", dependencies: ["ChatDomain"]),
        .testTarget(
            name: "ChatStoreTests",
            dependencies: ["ChatStore", "ChatDomain", "EventGenerator", "Reports", "TestSupport"]
        ),
        .testTarget(name: "SLAAnalyticsTests", dependencies: ["SLAAnalytics", "ChatDomain"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "SLAAnalytics"]),
        .testTarget(name: "EventGeneratorTests", dependencies: ["EventGenerator", "ChatDomain"]),
        // Runs the built chatsla binary (beside the test bundle) as a user would.
        .testTarget(name: "chatslaTests", dependencies: ["TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
