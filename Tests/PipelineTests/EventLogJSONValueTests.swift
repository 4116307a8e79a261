import Foundation
import Testing

@testable import Pipeline

@Suite struct EventLogJSONValueTests {
    static let samples: [JSONValue] = [
        nil,
        true,
        false,
        0,
        -42,
        .integer(Int64.max),
        .integer(Int64.min),
        1.5,
        2.0,
        -0.25,
        1e-7,
        5e20,
        "",
        "plain",
        "quote \" backslash \\ slash / newline \n tab \t bell \u{07}",
        "unicode é 漢字 😀",
        [],
        [1, "two", nil, [3.5]],
        [:],
        ["b": 1, "a": ["nested": [true, false]], "é": "x"],
    ]

    @Test(arguments: samples)
    func canonicalTextParsesBack(value: JSONValue) throws {
        let text = value.canonicalJSON
        #expect(try JSONValue(parsing: text) == value)
    }

    @Test(arguments: samples)
    func canonicalTextIsValidJSON(value: JSONValue) throws {
        let data = Data(value.canonicalJSON.utf8)
        #expect(throws: Never.self) {
            try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        }
    }

    @Test func canonicalFormSortsKeysWithoutSpaces() {
        let value: JSONValue = ["b": [1, 2], "a": ["d": nil, "c": "x"], "B": true]
        #expect(value.canonicalJSON == #"{"B":true,"a":{"c":"x","d":null},"b":[1,2]}"#)
    }

    @Test func canonicalFormOfScalars() {
        #expect(JSONValue.double(2).canonicalJSON == "2.0")
        #expect(JSONValue.double(.nan).canonicalJSON == "null")
        #expect(JSONValue.double(.infinity).canonicalJSON == "null")
        #expect(JSONValue.string("\u{01}").canonicalJSON == #""\u0001""#)
        #expect(JSONValue.integer(-7).canonicalJSON == "-7")
    }

    @Test func codableRoundTrip() throws {
        let value: JSONValue = ["name": "a.jpg", "size": 10, "ratio": 0.75, "ok": true, "tags": ["x"], "none": nil]
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
    }

    @Test func parsingReadsWhitespaceAndEscapes() throws {
        let text = #" { "a" : [ 1 , 2.5e1 , "\u00e9\ud83d\ude00\/" ] , "b" : null } "#
        #expect(try JSONValue(parsing: text) == ["a": [1, 25.0, "é😀/"], "b": nil])
    }

    @Test func parsingLargeIntegerGivesDouble() throws {
        #expect(try JSONValue(parsing: "9223372036854775808") == .double(9_223_372_036_854_775_808))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "\"abc", "\"\u{01}\"", "\"\\x\"",
        "\"\\ud800\"", "[1] 2", "{1: 2}", "nul",
    ])
    func parsingRejectsInvalidText(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test func parsingRejectsDeepNesting() {
        let text = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }
}
