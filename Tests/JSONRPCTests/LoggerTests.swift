import JSON
import JSONRPC
import Testing

@Suite("Logger")
struct LoggerTests {
    @Test("one JSON object per line: time, level, event first, then metadata and fields, secrets masked")
    func format() throws {
        let sink = CollectingLogSink()
        let logger = Logger(level: .info, sink: sink).with(["connection": 7])
        logger.info("request", ["method": "ping", "params": ["password": "pw123"]])
        let line = try #require(sink.lines.first)
        #expect(line.hasPrefix(#"{"time":""#))
        let object = try JSONValue.parse(line)
        #expect(object.objectValue?.keys.prefix(3) == ["time", "level", "event"])
        #expect(object["level"] == "info")
        #expect(object["event"] == "request")
        #expect(object["connection"] == 7)
        #expect(object["params"]?["password"] == "***")
        let time = try #require(object["time"]?.stringValue)
        #expect(time.count == 24 && time.hasSuffix("Z"))
    }

    @Test("lines below the level are not written")
    func levels() {
        let sink = CollectingLogSink()
        let logger = Logger(level: .warning, sink: sink)
        logger.debug("a")
        logger.info("b")
        logger.warning("c")
        logger.error("d")
        #expect(sink.lines.count == 2)
        #expect(LogLevel(name: "WARN") == .warning)
        #expect(LogLevel(name: "verbose") == nil)
    }
}
