import Dispatch
import Foundation
import ProcessSignals
import JSON
import JSONRPC
import Transport

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a ``Service`` over stdio and/or a Unix socket until a signal (or stdin EOF, stdio only), then shuts
/// down gracefully: stop accepting, answer what is in flight (bounded), remove the socket file.
public final class Server: Sendable {
    public let service: Service
    let hub = ConnectionHub()
    let trigger = ShutdownTrigger()
    let policy: PeerPolicy
    var configuration: ServiceConfiguration { service.configuration }
    var logger: Logger { service.logger }

    public init(service: Service) {
        self.service = service
        self.policy = PeerPolicy(allowedUIDs: service.configuration.allowedUIDs)
    }

    /// Serves until shutdown; returns the process exit status (0 after a graceful shutdown).
    public func run() async -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        watchTerminationSignals()

        var listener: UnixSocketListener?
        if let path = configuration.socketPath {
            do {
                let bound = try UnixSocketListener(path: path)
                if bound.preparation == .replacedStale {
                    logger.info("socket.stale_replaced", ["path": .string(path)])
                }
                listener = bound
            } catch {
                logger.error("server.failed", ["error": .string(error.description)])
                Self.printError(error.description)
                return 1
            }
        }
        listener?.startAccepting { [self] fd in accept(fd) }
        if configuration.servesStdio { startStdio() }
        logger.info(
            "server.started",
            [
                "version": .string(ServerVersion.version), "pid": .number(JSONNumber(Int(getpid()))),
                "transports": .array(configuration.transportNames.map { .string($0) }),
                "socket": configuration.socketPath.map { .string($0) } ?? .null,
            ])

        let reason = await trigger.wait()
        logger.info("server.stopping", ["reason": .string(reason), "in_flight": .number(JSONNumber(hub.inFlightCount))])
        listener?.stop()
        let drained = await drain()
        await service.shutDown()
        logger.info("server.stopped", ["drained": .bool(drained)])
        return 0
    }

    /// Asks the server to shut down gracefully, as SIGTERM does.
    public func requestShutdown(reason: String) {
        trigger.fire(reason)
    }

    // MARK: - Transports

    private func startStdio() {
        let id = hub.makeID()
        let stdioOnly = configuration.socketPath == nil
        let connectionBox = ConnectionBox()
        let writer = LineWriter(
            fd: 1, kind: .stream, name: "stdout-writer",
            onFailure: { [logger, trigger] in
                logger.warning("stdout.closed", [:])
                connectionBox.connection?.outputFailed()
                if stdioOnly { trigger.fire("stdout closed") }
            })
        let connection = RPCConnection(
            info: ConnectionInfo(id: id, transport: .stdio), dispatcher: service.dispatcher, sink: writer,
            maxInFlight: configuration.maxInFlightPerConnection,
            onClose: { [hub] connection in hub.remove(id: connection.info.id) })
        connectionBox.connection = connection
        hub.add(ConnectionHub.Entry(connection: connection, writer: writer, socket: nil))
        LineReader.start(
            fd: 0, maxLineBytes: configuration.maxMessageBytes, connection: connection, name: "stdin-reader",
            onEnd: { [trigger] in
                if stdioOnly { trigger.fire("stdin closed") }
            })
    }

    private func accept(_ fd: Int32) {
        let credentials = PeerCredentials.of(socket: fd)
        let id = hub.makeID()
        if let refusal = policy.refusalLine(uid: credentials?.uid) {
            logger.warning(
                "connection.refused",
                [
                    "connection": .number(JSONNumber(id)),
                    "peer_uid": credentials.map { .number(JSONNumber(Int($0.uid))) } ?? .null,
                ])
            Self.refuse(fd, saying: refusal)
            return
        }
        let handle = SocketHandle(fd: fd)
        let info = ConnectionInfo(
            id: id, transport: .unixSocket, peerUID: credentials?.uid, peerPID: credentials?.pid)
        let connectionBox = ConnectionBox()
        let writer = LineWriter(
            fd: fd, kind: .socket, name: "socket-writer-\(id)",
            onFailure: {
                connectionBox.connection?.outputFailed()
                handle.shutdownReading()
            },
            onFinished: { handle.close() })
        let connection = RPCConnection(
            info: info, dispatcher: service.dispatcher, sink: writer,
            maxInFlight: configuration.maxInFlightPerConnection,
            onClose: { [hub, logger] connection in
                hub.remove(id: connection.info.id)
                logger.debug("connection.closed", ["connection": .number(JSONNumber(connection.info.id))])
            })
        connectionBox.connection = connection
        hub.add(ConnectionHub.Entry(connection: connection, writer: writer, socket: handle))
        logger.debug(
            "connection.opened",
            [
                "connection": .number(JSONNumber(id)),
                "peer_uid": credentials.map { .number(JSONNumber(Int($0.uid))) } ?? .null,
                "peer_pid": credentials.map { .number(JSONNumber(Int($0.pid))) } ?? .null,
            ])
        LineReader.start(
            fd: fd, maxLineBytes: configuration.maxMessageBytes, connection: connection, name: "socket-reader-\(id)",
            onEnd: {
                // EOF may be a half-close (the client still reads answers); a hang-up means nobody will.
                if handle.peerHasHungUp() { connectionBox.connection?.outputFailed() }
            })
        if trigger.hasFired {
            connection.stopAccepting()
            handle.shutdownReading()
        }
    }

    /// Sends a refused peer its one error line, then closes: without blocking the accept thread, and after
    /// discarding what the peer already sent, so the close is an orderly end of stream and not a reset.
    private static func refuse(_ fd: Int32, saying line: [UInt8]) {
        _ = line.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        _ = shutdown(fd, Int32(SHUT_WR))
        var scratch = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<16 {
            let count = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count <= 0 { break }
        }
        close(fd)
    }

    // MARK: - Shutdown

    /// Stops reading everywhere, waits for answers in flight (bounded by the shutdown timeout), flushes output.
    private func drain() async -> Bool {
        let deadline = ContinuousClock.now + configuration.shutdownTimeout
        for entry in hub.all {
            entry.connection.stopAccepting()
            entry.socket?.shutdownReading()
        }
        var drained = true
        while hub.inFlightCount > 0 {
            if ContinuousClock.now >= deadline {
                drained = false
                logger.warning("server.shutdown_timeout", ["in_flight": .number(JSONNumber(hub.inFlightCount))])
                for entry in hub.all { entry.connection.cancelAll() }
                let grace = ContinuousClock.now + .milliseconds(500)
                while hub.inFlightCount > 0 && ContinuousClock.now < grace {
                    try? await Task.sleep(for: .milliseconds(5))
                }
                break
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        for entry in hub.all { entry.writer.close() }
        for entry in hub.all { entry.writer.waitUntilFinished(timeout: .seconds(2)) }
        return drained
    }

    /// SIGINT/SIGTERM start a graceful shutdown; a second one while draining exits at once.
    private func watchTerminationSignals() {
        TerminationSignals.watch { [trigger, logger] name in
            if !trigger.fire(name) {
                logger.warning("server.forced_exit", ["signal": .string(name)])
                exit(1)
            }
        }
    }

    static func printError(_ message: String) {
        let line = Array("ecsrpc: error: \(message)\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}
