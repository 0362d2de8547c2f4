/// A date is written `YYYY-MM-DD` in every JSON IKStore reads or writes.
extension CalendarDate: Codable {
    public init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        let text = try single.decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorruptedError(in: single, debugDescription: "\"\(text)\" is not a date YYYY-MM-DD")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        try single.encode(description)
    }
}
