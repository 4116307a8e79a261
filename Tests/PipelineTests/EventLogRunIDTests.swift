import Foundation
import Testing

@testable import Pipeline

@Suite struct EventLogRunIDTests {
    @Test func generatedFormat() throws {
        // 2026-12-04 20:15:02.123 UTC
        let date = Date(timeIntervalSince1970: 1_796_415_302.123)
        let id = RunID.generate(now: date)

        let parts = id.rawValue.split(separator: "-")
        #expect(parts.count == 2)
        #expect(parts.first == "20261204T201502123Z")
        #expect(parts.last?.count == 6)
        #expect(parts.last?.allSatisfy(\.isHexDigit) == true)
    }

    @Test func generatedIDsSortByTime() {
        let earlier = RunID.generate(now: Date(timeIntervalSince1970: 1_796_415_302.123))
        let later = RunID.generate(now: Date(timeIntervalSince1970: 1_796_415_302.124))
        #expect(earlier < later)
    }

    @Test func generatedIDsAreUnique() {
        let now = Date()
        let ids = Set((0..<200).map { _ in RunID.generate(now: now) })
        #expect(ids.count == 200)
    }

    @Test func codableAsPlainString() throws {
        let id = RunID(rawValue: "20261204T201502123Z-3f9a2c")
        let data = try JSONEncoder().encode([id])
        #expect(String(decoding: data, as: UTF8.self) == #"["20261204T201502123Z-3f9a2c"]"#)
        #expect(try JSONDecoder().decode([RunID].self, from: data) == [id])
        #expect(id.description == id.rawValue)
    }
}
