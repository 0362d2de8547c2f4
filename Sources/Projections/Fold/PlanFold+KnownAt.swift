/// A fold as it stood at an earlier seq, taken from a later one without reading the log again: what a submitted
/// report was built from, to mark what changed since.
extension PlanFold {
    /// The facts known at `seq`: those recorded by then, with the corrections and retractions made by then. A
    /// redaction is never undone (its values stay gone), and a correction retracted after `seq` is no longer in the
    /// later fold, so this fold lacks it too: such a change is not seen.
    public func knownAt(_ seq: UInt64) -> PlanFold {
        var earlier = PlanFold(plan: plan)
        earlier.seq = Swift.min(seq, self.seq)
        earlier.facts = facts.filter { $0.seq <= seq }.map { fact in
            var fact = fact
            fact.corrections = fact.corrections.filter { $0.seq <= seq }
            if let retracted = fact.retractedAt, retracted > seq { fact.retractedAt = nil }
            return fact
        }
        return earlier
    }
}
