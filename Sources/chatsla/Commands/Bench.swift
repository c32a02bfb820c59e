import ArgumentParser
import ChatDomain
import Foundation

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks that print figures and ratios against baselines measured in the same run.",
        discussion: "Build with -c release for meaningful figures: swift run -c release chatsla bench copy",
        subcommands: [Copy.self, Ingest.self, Serve.self, All.self]
    )
}
