extension VerificationReport {
    /// This report with `more` problems found by a check the log cannot make itself (the projections' caches).
    public func adding(_ more: [VerificationProblem]) -> VerificationReport {
        guard !more.isEmpty else { return self }
        return VerificationReport(treeSize: treeSize, root: root, problems: problems + more, redactedSeqs: redactedSeqs,
                                  checkpointsChecked: checkpointsChecked, anchorsChecked: anchorsChecked,
                                  pinnedClockEvents: pinnedClockEvents)
    }
}
