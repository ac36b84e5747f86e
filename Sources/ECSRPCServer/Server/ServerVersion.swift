/// The product's name and version, as `--version` and `server.info` report them.
public enum ServerVersion {
    public static let name = "ecsrpc"
    public static let version = "0.1.0"
}
