import EventLog

/// `RiskAreaAdded` (version 2): a risk area (riskområde) of a plan, with its risk assessment; control points name
/// it by `riskAreaId`.
public struct RiskAreaAdded: DomainPayload {
    public static let eventType = EventType.riskAreaAdded
    public let riskAreaId: String
    public let planId: String
    public let title: String
    public let description: String?
    public let risk: Risk?
}
