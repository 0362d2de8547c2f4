import EventLog

extension ReportBuilder {
    /// The witnessed head a report names (``LogView/witnessedHead(covering:)``): the first that covers its knowledge
    /// point, so the footer stays the same once it names one; `matches` tells whether this log's root at its size
    /// is the root the witnesses cosigned.
    public struct Witnessed: Sendable, Hashable {
        public let head: WitnessedHead
        public let matches: Bool
        /// The witnesses whose cosignatures verified with the reader's keys (``WitnessTrust``); `nil` when the reader
        /// gave none: the stored note is then unchecked, and no witness is named.
        public let verifiedBy: [String]?
        /// Why the stored note does not verify with the reader's keys; `nil` when it does or was not checked.
        public let failure: String?

        public init(head: WitnessedHead, matches: Bool, verifiedBy: [String]? = nil, failure: String? = nil) {
            self.head = head
            self.matches = matches
            self.verifiedBy = verifiedBy
            self.failure = failure
        }

        /// Whether the report may name the head as witnessed (and carry its note).
        public var isVerified: Bool { failure == nil && verifiedBy != nil }
    }

    /// The footer's sentence on the witnessed head: size, root and witnesses, and how to check it; or that the log
    /// does not hold what they cosigned.
    func witnessSentence(_ witnessed: Witnessed) -> String {
        let head = witnessed.head
        if let failure = witnessed.failure {
            return language == .sv
                ? " VARNING: lagret har en anteckning som sägs vara bevittnad vid trädstorlek \(head.treeSize), men den "
                    + "verifieras inte med de nycklar som gavs (\(failure)): inget vittne nämns. Kör ik verify."
                : " WARNING: the store keeps a note said to be witnessed at tree size \(head.treeSize), but it does not "
                    + "verify with the keys given (\(failure)): no witness is named. Run ik verify."
        }
        guard let verifiedBy = witnessed.verifiedBy else {
            return language == .sv
                ? " Lagret har en anteckning som sägs vara bevittnad vid trädstorlek \(head.treeSize); den kontrollerades "
                    + "inte här, så inget vittne nämns (ange ledarens och vittnenas nycklar: ik report --leader-key "
                    + "LEDARE.pub --witness-key VITTNE.pub)."
                : " The store keeps a note said to be witnessed at tree size \(head.treeSize); it was not checked here, "
                    + "so no witness is named (give the leader's and the witnesses' keys: ik report --leader-key "
                    + "LEADER.pub --witness-key WITNESS.pub)."
        }
        let names = verifiedBy.joined(separator: ", ")
        guard witnessed.matches else {
            return language == .sv
                ? " VARNING: loggen har inte den Merkle-rot som vittnena (\(names)) medsignerade vid trädstorlek "
                    + "\(head.treeSize) (\(head.root.hex)): den har skrivits om sedan dess. Kör ik verify."
                : " WARNING: the log does not have the Merkle root its witnesses (\(names)) cosigned at tree size "
                    + "\(head.treeSize) (\(head.root.hex)): it was rewritten since. Run ik verify."
        }
        return language == .sv
            ? " Bevittnat trädhuvud: trädstorlek \(head.treeSize), Merkle-rot \(head.root.hex), medsignerat av \(names) "
                + "(den signerade anteckningen finns i lagret och i rapportens JSON-form; kontrollera den med ik verify "
                + "--checkpoint ANTECKNING --witness VITTNE.pub, och att loggen innehåller historiken med "
                + "ik verify --anchor \(head.treeSize):\(head.root.hex))."
            : " Witnessed tree head: tree size \(head.treeSize), Merkle root \(head.root.hex), cosigned by \(names) "
                + "(the signed note is kept in the store and in the report's JSON form; check it with ik verify "
                + "--checkpoint NOTE --witness WITNESS.pub, and that the log holds this history with "
                + "ik verify --anchor \(head.treeSize):\(head.root.hex))."
    }
}
