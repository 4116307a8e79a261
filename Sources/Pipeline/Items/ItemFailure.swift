/// Why an item could not go on: the stage that gave up and its error text.
public struct ItemFailure: Sendable, Codable, Hashable {
    public var stage: String
    public var message: String
    public var attempts: Int

    public init(stage: String, message: String, attempts: Int) {
        self.stage = stage
        self.message = message
        self.attempts = attempts
    }
}
