import ArgumentParser
import EventLog
import InternalControl

struct SeedCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Append the seed reports as events (the demo data), each batch at its own recorded time.",
        discussion: """
            Three real follow-up reports, kept in the package, as events (a social services administration's 2024 \
            report, a committee's 2022 follow-up, a district's 2014 follow-up): plans, control points, controls with their \
            counts, deviations, actions, follow-ups, corrections and the reports, recorded over months so that \
            --as-of shows knowledge growing. The store must be empty (recorded time never goes back).
            ik seed --list        names and titles
            ik seed               all three;  ik seed 001   one of them
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "Seeds to append (default all): 001, 002, 004, or a plan id.")
    var names: [String] = []

    @Flag(help: "List the seeds and what they hold.")
    var list = false

    func execute() throws {
        let scenarios = try SeedDirectory.scenarios(named: names)
        if list {
            for scenario in scenarios {
                let count = scenario.batches.reduce(0) { $0 + $1.drafts.count }
                print("\(scenario.name)  plan \(scenario.planId), \(count) events in \(scenario.batches.count) batches")
                print("    \(scenario.title)")
            }
            return
        }
        if !EventStore.exists(at: storeOptions.path), !storeOptions.readOnly {
            _ = try EventStore.create(at: storeOptions.path, forTests: true, options: storeOptions.options(readOnly: false))
        }
        let store = try storeOptions.openForWriting()
        guard store.isTestStore else { throw Self.needsTestStore(storeOptions.path) }
        guard try store.read({ try $0.size }) == 0 else {
            throw CommandFailure(.badInput, "the store \(storeOptions.path) is not empty\n"
                + "Seeds are recorded at their own (past) times; use a new store: ik --store seeded seed")
        }
        let written = try SeedScenario.replay(scenarios, into: store)
        let (size, root) = try store.read { view in (try view.size, try view.root) }
        print("appended \(written) events from \(scenarios.map(\.name).joined(separator: ", "))")
        print("tree size \(size), root \(root.hex)")
    }

    /// Seeds replay recorded times written in files anyone could edit: only a test store takes them.
    static func needsTestStore(_ path: String) -> CommandFailure {
        CommandFailure(.badInput, "\(path) is not a test store: seed data replays past recorded times, which only a test "
            + "store accepts; nothing was written\nSeed a new store (ik --store seeded seed makes a test store), or one "
            + "created with ik init --test.")
    }
}
