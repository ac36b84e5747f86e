/// Why a fetched answer (a process's output, a URL's body) could not be used; never quotes the answer.
struct AnswerProblem: Error, Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    var reason: String
    init(_ reason: String) { self.reason = reason }
    init(stringLiteral value: String) { reason = value }
    var description: String { reason }
}
