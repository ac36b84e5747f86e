import JSON

/// One element of what a client sent: a request, a notification, or an invalid object to answer with an error.
public enum IncomingMessage: Sendable, Hashable {
    case request(Request)
    case notification(Request)
    case invalid(id: RequestID, error: RPCError)

    /// Validates one JSON value as a JSON-RPC 2.0 request object.
    public init(_ value: JSONValue) {
        guard case .object(let object) = value else {
            self = .invalid(id: .null, error: .invalidRequest("a request must be a JSON object"))
            return
        }
        var id: RequestID? = nil
        if let rawID = object["id"] {
            guard let valid = RequestID(rawID) else {
                self = .invalid(id: .null, error: .invalidRequest("id must be a string, a number or null"))
                return
            }
            id = valid
        }
        let answerID = id ?? .null
        guard object["jsonrpc"] == .string("2.0") else {
            self = .invalid(id: answerID, error: .invalidRequest("jsonrpc must be exactly \"2.0\""))
            return
        }
        guard case .string(let method)? = object["method"] else {
            self = .invalid(id: answerID, error: .invalidRequest("method must be a string"))
            return
        }
        let params = object["params"]
        switch params {
        case nil, .object?, .array?: break
        default:
            self = .invalid(id: answerID, error: .invalidRequest("params must be an object or an array"))
            return
        }
        let request = Request(method: method, params: params, id: id)
        self = id == nil ? .notification(request) : .request(request)
    }
}

/// What one line decodes to.
public enum DecodedLine: Sendable, Hashable {
    /// A single message.
    case single(IncomingMessage)
    /// A non-empty batch, in order.
    case batch([IncomingMessage])
    /// A line that gets one error answer with id null: not JSON (-32700), or an empty or too big batch (-32600).
    case failure(RPCError)

    /// The most elements a batch may hold: each gets an answer, so a 4 MiB line of `[1,1,…]` would otherwise
    /// cost hundreds of megabytes of answers.
    public static let maximumBatchCount = 50_000

    /// Decodes one line (without its newline).
    public init(line: some Collection<UInt8>) {
        let value: JSONValue
        do {
            value = try JSONValue.parse(line)
        } catch {
            self = .failure(.parseError(error.description))
            return
        }
        switch value {
        case .array(let elements):
            if elements.isEmpty {
                self = .failure(.invalidRequest("an empty batch is not a request"))
            } else if elements.count > Self.maximumBatchCount {
                self = .failure(
                    .invalidRequest("a batch may hold at most \(Self.maximumBatchCount) elements, this one has \(elements.count)"))
            } else {
                self = .batch(elements.map(IncomingMessage.init))
            }
        default:
            self = .single(IncomingMessage(value))
        }
    }
}
