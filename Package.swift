// swift-tools-version:6.0
import PackageDescription

/// Debian's C libraries, each reached through a `systemLibrary` target (pkg-config name and
/// apt provider), a C shim where Swift cannot call the API directly, and one Swift wrapper.
let systemLibraries: [Target] = [
    .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
    .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
    .systemLibrary(name: "CVips", pkgConfig: "vips", providers: [.apt(["libvips-dev"])]),
    .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
    .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
    // lcms2 is libvips' colour engine, used directly to check an embedded ICC profile.
    .target(name: "CVipsShim", dependencies: ["CVips"], linkerSettings: [.linkedLibrary("lcms2")]),
    .target(name: "CMicroHTTPDShim", dependencies: ["CMicroHTTPD"]),
]

let wrappers: [Target] = [
    .target(name: "SQLite", dependencies: ["CSQLite"]),
    .target(name: "YAML", dependencies: ["CYAML"]),
    .target(name: "Imaging", dependencies: ["CVips", "CVipsShim"]),
    .target(name: "Crypto", dependencies: ["COpenSSL"]),
    .target(name: "HTTPServer", dependencies: ["CMicroHTTPD", "CMicroHTTPDShim"]),
]

let modules: [Target] = [
    .target(name: "Webhooks", dependencies: ["Crypto", "HTTPServer"]),
    .target(name: "ImgurAdapter"),
    .target(name: "ImgurSandbox", dependencies: ["HTTPServer", "Crypto", "Imaging"]),
    .target(name: "Pipeline", dependencies: ["SQLite", "YAML", "Crypto"]),
    .target(
        name: "Stages",
        dependencies: ["Pipeline", "ImgurAdapter", "Imaging", "Crypto", "Webhooks"]
    ),
    .target(
        name: "ImgpipeCommands",
        dependencies: ["Pipeline", "Stages", "ImgurAdapter", "ImgurSandbox", "Webhooks", "Imaging", "HTTPServer"],
        resources: [.copy("Resources/demo")]
    ),
    .executableTarget(name: "imgpipe", dependencies: ["ImgpipeCommands"]),
]

let tests: [Target] = [
    .target(name: "TestFixtures", path: "Tests/TestFixtures"),
    .testTarget(name: "SQLiteTests", dependencies: ["SQLite"]),
    .testTarget(name: "YAMLTests", dependencies: ["YAML"]),
    .testTarget(name: "ImagingTests", dependencies: ["Imaging", "TestFixtures"]),
    .testTarget(name: "CryptoTests", dependencies: ["Crypto", "TestFixtures"]),
    .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer"]),
    .testTarget(name: "WebhooksTests", dependencies: ["Webhooks", "HTTPServer", "TestFixtures"]),
    .testTarget(name: "ImgurAdapterTests", dependencies: ["ImgurAdapter", "HTTPServer", "ImgurSandbox", "TestFixtures"]),
    .testTarget(name: "ImgurSandboxTests", dependencies: ["ImgurSandbox", "TestFixtures"]),
    .testTarget(name: "PipelineTests", dependencies: ["Pipeline"]),
    .testTarget(
        name: "StagesTests",
        dependencies: ["Stages", "Pipeline", "ImgurSandbox", "Webhooks", "Imaging", "HTTPServer", "TestFixtures"],
        exclude: ["Media"]
    ),
    .testTarget(name: "ImgpipeCommandsTests", dependencies: ["ImgpipeCommands", "HTTPServer"]),
    .testTarget(
        name: "EndToEndTests",
        dependencies: ["imgpipe", "Webhooks", "SQLite", "Crypto", "ImgurSandbox", "HTTPServer", "Imaging"],
        exclude: ["Media"]
    ),
]

let package = Package(
    name: "imgpipe",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "imgpipe", targets: ["imgpipe"]),
        .library(name: "ImgurAdapter", targets: ["ImgurAdapter"]),
    ],
    targets: systemLibraries + wrappers + modules + tests,
    swiftLanguageModes: [.v6]
)
