import ArgumentParser
import EventLog

// Values that parse themselves once, where the option is read, with the grammar their type defines.

extension KnowledgePoint: ExpressibleByArgument {
    public init?(argument: String) { self.init(asOf: argument) }
}

extension Period: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension CalendarDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension Anchor: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}
