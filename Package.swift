// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "IKStore",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ik", targets: ["ik"]),
        .library(name: "EventLog", targets: ["EventLog"]),
        .library(name: "InternalControl", targets: ["InternalControl"]),
        .library(name: "Projections", targets: ["Projections"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        // Without its default traits: the server needs neither swift-configuration nor the full Foundation.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.34.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLMDB",
            pkgConfig: "lmdb",
            providers: [.apt(["liblmdb-dev"]), .brew(["lmdb"])]
        ),
        .target(name: "LMDB", dependencies: ["CLMDB"], swiftSettings: strict),
        .target(
            name: "EventLog",
            dependencies: ["LMDB", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(name: "InternalControl", dependencies: ["EventLog"], swiftSettings: strict),
        .target(
            name: "Accounts",
            dependencies: [
                "InternalControl", "EventLog", "LMDB", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            swiftSettings: strict
        ),
        .target(name: "Projections", dependencies: ["InternalControl", "EventLog"], swiftSettings: strict),
        .target(
            name: "Reports",
            dependencies: [
                "Projections", "InternalControl", "EventLog", .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "API",
            dependencies: [
                "Reports", "Projections", "Accounts", "InternalControl", "EventLog",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            resources: [.copy("Resources/openapi.json")],
            swiftSettings: strict
        ),
        .target(
            name: "Web",
            dependencies: [
                "API", "Reports", "Projections", "Accounts", "InternalControl", "EventLog",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("Templates"), .copy("Static")],
            swiftSettings: strict
        ),
        .target(
            name: "Server",
            dependencies: [
                "Web", "API", "Accounts", "Projections", "InternalControl", "EventLog",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ik",
            dependencies: ["Server", "Reports", "Projections", "Accounts", "InternalControl", "EventLog", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            resources: [.copy("Seeds")],
            swiftSettings: strict
        ),
        .target(name: "Synthetic", dependencies: ["Projections", "InternalControl", "EventLog"], swiftSettings: strict),
        .executableTarget(
            name: "ik-generate",
            dependencies: ["Synthetic", "Projections", "EventLog"],
            path: "Sources/IKGenerate",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ik-fuzz",
            dependencies: ["InternalControl", "EventLog"],
            path: "Sources/IKFuzz",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ik-bench",
            dependencies: ["Synthetic", "Projections", "InternalControl", "EventLog", "LMDB"],
            path: "Sources/IKBench",
            swiftSettings: strict
        ),
        .testTarget(name: "LMDBTests", dependencies: ["LMDB"], swiftSettings: strict),
        .testTarget(name: "EventLogTests", dependencies: ["EventLog"], swiftSettings: strict),
        .testTarget(name: "InternalControlTests", dependencies: ["InternalControl"], swiftSettings: strict),
        .testTarget(name: "ProjectionsTests", dependencies: ["Projections", "Synthetic", "InternalControl"], swiftSettings: strict),
        .testTarget(name: "AccountsTests", dependencies: ["Accounts", "InternalControl", "EventLog"], swiftSettings: strict),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "EventLog"], swiftSettings: strict),
        .testTarget(name: "ikTests", dependencies: ["ik", "EventLog", "LMDB"], swiftSettings: strict),
        .testTarget(name: "APITests", dependencies: ["API", "EventLog"], swiftSettings: strict),
        .testTarget(name: "WebTests", dependencies: [
            "Web", "API", "Accounts", "Projections", "InternalControl", "EventLog",
            .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ], swiftSettings: strict),
    ]
)
