import Testing

@testable import EventLog

@Suite struct CanonicalJSONTests {
    func canonical(_ json: String) throws -> String {
        String(decoding: CanonicalJSON.encode(try JSONParser.parse(bytes(json))), as: UTF8.self)
    }

    /// RFC 8785 §3.2.2.2: the string example, serialised with only the mandatory escapes.
    @Test func stringsKeepOnlyTheMandatoryEscapes() throws {
        let input = #""\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/""#
        #expect(try canonical(input) == #""€$\u000f\nA'B\"\\\\\"/""#)
    }

    /// RFC 8785 §3.2.3: members sorted by UTF-16 code units, so the emoji (a surrogate pair) sorts before
    /// U+FB33 although its scalar value is higher.
    @Test func membersSortByUTF16CodeUnits() throws {
        let input = #"""
            {"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
             "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control",
             "\u00f6": "Latin Small Letter O With Diaeresis"}
            """#
        let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\","
            + "\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\","
            + "\"\u{FB33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        #expect(try canonical(input) == expected)
    }

    /// RFC 8785 §3.2.4's example, less its floating-point numbers, which IKStore never stores.
    @Test func literalsAndNestingHaveNoWhitespace() throws {
        let input = #"{ "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/", "literals": [null, true, false] }"#
        #expect(try canonical(input) == #"{"literals":[null,true,false],"string":"€$\u000f\nA'B\"\\\\\"/"}"#)
    }

    @Test func integersAreWrittenInPlainDecimal() throws {
        #expect(try canonical("[0, -0, 1, -1, 9007199254740991, -9007199254740991]")
            == "[0,0,1,-1,9007199254740991,-9007199254740991]")
    }

    @Test func controlCharactersWithoutShortFormsUseLowercaseHex() {
        #expect(CanonicalJSON.encode(.string("\u{1F}\u{7F}")) == bytes("\"\\u001f\u{7F}\""))
    }
}

@Suite struct JSONParserTests {
    func refusal(_ json: String) -> String? {
        do {
            _ = try JSONParser.parse(bytes(json))
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func fractionsAndExponentsAreRefusedAsNotWholeNumbers() {
        #expect(refusal(#"{"rate": 0.84}"#)?.contains("0.84 is not a whole number") == true)
        #expect(refusal("[1e3]")?.contains("1e3 is not a whole number") == true)
    }

    @Test func integersBeyondTheSafeRangeAreRefused() {
        #expect(refusal("9007199254740992")?.contains("out of range") == true)
        #expect(refusal("9007199254740991") == nil)
    }

    @Test func duplicateKeysAreRefused() {
        #expect(refusal(#"{"a": 1, "a": 2}"#) == "duplicate key \"a\"")
    }

    @Test func invalidUTF8AndLoneSurrogatesAreRefused() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(refusal(#""\ud800""#)?.contains("lone high surrogate") == true)
        #expect(refusal(#""\udc00""#)?.contains("lone low surrogate") == true)
    }

    @Test func errorsCarryLineAndColumn() throws {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(bytes("{\n  \"a\": tru\n}")) }
        #expect(error?.line == 2)
        #expect(error?.column == 8)
    }

    @Test func deepNestingIsRefused() {
        #expect(refusal(String(repeating: "[", count: 100) + String(repeating: "]", count: 100))?
            .contains("nesting deeper") == true)
    }

    @Test func leadingZerosTrailingGarbageAndEmptyInputAreRefused() {
        #expect(refusal("012") != nil)
        #expect(refusal("{} x") != nil)
        #expect(refusal("   ")?.contains("empty input") == true)
    }
}
