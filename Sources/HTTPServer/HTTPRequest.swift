/// One parsed HTTP/1.x request: request line, headers in arrival order, and the Content-Length body.
public struct HTTPRequest: Sendable {
    /// The method as sent, e.g. `POST`.
    public var method: String
    /// The request target as sent, e.g. `/?Action=DescribeRegions`.
    public var target: String {
        didSet { queryParameters = FormDecoding.decode(rawQuery) }
    }
    /// `HTTP/1.1` or `HTTP/1.0`.
    public var version: String
    /// Headers in arrival order, names as sent.
    public var headers: [(name: String, value: String)]
    /// The body bytes (empty when no Content-Length).
    public var body: [UInt8]

    public init(
        method: String, target: String, version: String = "HTTP/1.1",
        headers: [(name: String, value: String)] = [], body: [UInt8] = []
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        queryParameters = FormDecoding.decode(rawQuery)
    }

    /// The path part of the target, without the query.
    public var path: String {
        if let mark = target.firstIndex(of: "?") { return String(target[..<mark]) }
        return target
    }

    /// The raw (still encoded) query string, empty when there is none.
    public var rawQuery: String {
        guard let mark = target.firstIndex(of: "?") else { return "" }
        return String(target[target.index(after: mark)...])
    }

    /// The first value of a header, matched case-insensitively, trimmed of surrounding blanks.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        for header in headers where header.name.lowercased() == wanted {
            return header.value
        }
        return nil
    }

    /// All values of a header, matched case-insensitively.
    public func headerValues(_ name: String) -> [String] {
        let wanted = name.lowercased()
        return headers.filter { $0.name.lowercased() == wanted }.map(\.value)
    }

    /// The query decoded as a form (`+` is a space, `%XX` are UTF-8 bytes), pairs in order; decoded once,
    /// with the target.
    public private(set) var queryParameters: [(name: String, value: String)] = []

    /// The body decoded as `application/x-www-form-urlencoded` when the content type says so, else empty.
    public var formParameters: [(name: String, value: String)] {
        guard let type = header("content-type")?.lowercased(),
            type.hasPrefix("application/x-www-form-urlencoded")
        else { return [] }
        return FormDecoding.decode(String(decoding: body, as: UTF8.self))
    }

    /// Whether the client wants the connection kept open after this exchange.
    public var wantsKeepAlive: Bool {
        let tokens = headerValues("connection").flatMap {
            $0.split(separator: ",").map { $0.trimmingBlanks().lowercased() }
        }
        if tokens.contains("close") { return false }
        if version == "HTTP/1.0" { return tokens.contains("keep-alive") }
        return true
    }
}

extension Substring {
    func trimmingBlanks() -> String {
        var view = self[...]
        while let first = view.first, first == " " || first == "\t" { view = view.dropFirst() }
        while let last = view.last, last == " " || last == "\t" { view = view.dropLast() }
        return String(view)
    }
}

extension String {
    func trimmingBlanks() -> String { self[...].trimmingBlanks() }
}
