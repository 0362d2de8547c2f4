import EventLog

extension ReportBuilder {
    /// The witnessed head a report names (``LogView/witnessedHead(covering:)``): the first that covers its knowledge
    /// point, so the footer stays the same once it names one; `matches` tells whether this log's root at its size
    /// is the root the witnesses cosigned.
    public struct Witnessed: Sendable, Hashable {
        public let head: WitnessedHead
        public let matches: Bool

        public init(head: WitnessedHead, matches: Bool) {
            self.head = head
            self.matches = matches
        }
    }

    /// The footer's sentence on the witnessed head: size, root and witnesses, and how to check it; or that the log
    /// does not hold what they cosigned.
    func witnessSentence(_ witnessed: Witnessed) -> String {
        let head = witnessed.head
        let names = head.witnesses.joined(separator: ", ")
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
