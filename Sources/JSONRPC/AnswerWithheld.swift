/// Thrown by a handler whose request must get no answer at all: an MCP request its client cancelled with
/// `notifications/cancelled` (the MCP specification forbids answering those). The dispatcher logs it and
/// answers nothing; every other failure is still answered.
public struct AnswerWithheld: Error, Sendable, Hashable {
    public init() {}
}
