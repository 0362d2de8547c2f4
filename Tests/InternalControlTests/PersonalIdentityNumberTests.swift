import Testing

@testable import InternalControl

@Suite struct PersonalIdentityNumberTests {
    @Test(arguments: ["19121212-1212", "191212121212", "121212-1212", "1212121212", "121212+1212", "701063-2391",
                      "Brukare 811218-9876 fick fel dos", "(19121212-1212)"])
    func validNumbersInAnySpellingAreFound(text: String) {
        #expect(PersonalIdentityNumber.firstMatch(in: text) != nil)
    }

    @Test(arguments: ["2024-10-15", "20241015", "121212-1213", "1212121213", "Dnr 1.1–106/2012", "070-123 45 67",
                      "0701234567", "2410151234", "19121212-12120", "1912121212121", "12-1212-1212", "SN-2024-LAK",
                      "991332-1234"])
    func lookalikesAreNotFound(text: String) {
        #expect(PersonalIdentityNumber.firstMatch(in: text) == nil)
    }

    @Test func theMatchIsMaskedForMessages() {
        #expect(PersonalIdentityNumber.firstMatch(in: "pnr 19121212-1212.") == "19121212-****")
    }
}
