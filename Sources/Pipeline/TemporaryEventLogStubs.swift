// TEMPORARY: stands in for the event log until its branch is merged; deleted at merge.
import Foundation

public struct RunID: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static func generate(now: Date = Date()) -> RunID { RunID(rawValue: "\(now.timeIntervalSince1970)") }
    public var description: String { rawValue }
    public static func < (a: RunID, b: RunID) -> Bool { a.rawValue < b.rawValue }
}
public enum JSONValue: Sendable, Hashable, Codable {
    case null, bool(Bool), integer(Int64), double(Double), string(String), array([JSONValue]), object([String: JSONValue])
}
public struct NewEvent: Sendable {
    public var runID: RunID; public var itemID: String?; public var stage: String?
    public var type: String
    public var payload: [String: JSONValue]
    public init(runID: RunID, itemID: String?, stage: String?, type: String, payload: [String: JSONValue]) {
        self.runID = runID; self.itemID = itemID; self.stage = stage; self.type = type; self.payload = payload
    }
}
public struct LoggedEvent: Sendable, Codable {
    public let sequence: Int64; public let runID: RunID; public let itemID: String?
    public let stage: String?; public let type: String; public let payload: [String: JSONValue]
    public let time: Date
}
public struct RunRecord: Sendable, Codable {
    public let id: RunID; public let pipeline: String; public let definitionText: String
    public let definitionSHA256: String; public let startedAt: Date; public let finishedAt: Date?
    public let status: String
    public let summary: [String: JSONValue]?
}
public final class EventLog: Sendable {
    public static func open(path: String) throws -> EventLog { EventLog() }
    public func startRun(_ id: RunID, pipeline: String, definitionText: String, definitionSHA256: String) async throws {}
    public func append(_ events: [NewEvent]) async throws {}
    public func finishRun(_ id: RunID, status: String, summary: [String: JSONValue]) async throws {}
    public func runs(limit: Int? = nil) async throws -> [RunRecord] { [] }
    public func run(_ id: RunID) async throws -> RunRecord? { nil }
    public func events(run: RunID, item: String? = nil) async throws -> [LoggedEvent] { [] }
    public func close() {}
}
