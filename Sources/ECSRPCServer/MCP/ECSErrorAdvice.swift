import JSON

/// The "what to do next" sentence for an error, for a model deciding its next step.
enum ECSErrorAdvice {
    /// The application codes this advice knows (see `schema/openrpc.json`, `components.errors`).
    static let serviceErrorCode = -32001
    static let transportErrorCode = -32002
    static let noCredentialsCode = -32003
    static let credentialStoreCode = -32004
    static let cancelledCode = -32005
    static let guardrailCode = -32006
    static let waitTimedOutCode = -32007
    static let instanceNotFoundCode = -32008

    static func advice(ecsCode: String, retryable: Bool, tool: String) -> String {
        let code = ecsCode.lowercased()
        if code.hasPrefix("throttling") || retryable {
            return "this is transient; wait a few seconds and call \(tool) again."
        }
        if code.hasPrefix("incorrectinstancestatus") {
            return "the instance is in the wrong state for this action; check its Status with instances_list (or "
                + "instances_wait for the state you need), then call \(tool) again."
        }
        if code.contains("notfound") || code.hasPrefix("invalidinstanceid") {
            return "check the ids and the regionId with instances_list (or images_list / regions_list), then retry."
        }
        if code.hasPrefix("signaturedoesnotmatch") || code.hasPrefix("invalidaccesskeyid") || code.contains("security.token") {
            return "the credentials were refused; ask the user to check the stored credentials (credentials_list) — "
                + "do not ask for secrets in the conversation."
        }
        if code.hasPrefix("forbidden") || code.contains("nopermission") || code.contains("unauthorized") {
            return "the account lacks permission for this action; ask the user to grant it (RAM policy) or use another profile."
        }
        if code.hasPrefix("invalidparameter") || code.hasPrefix("missing") || code.hasPrefix("invalid") {
            return "correct the named argument (see the tool's inputSchema) and call \(tool) again."
        }
        if code.contains("quota") || code.contains("nostock") || code.contains("outofstock") {
            return "the region or zone cannot provide this; try another instanceType or zoneId."
        }
        return "read the message above; if it is not clear how to fix it, tell the user and stop."
    }

    static func advice(rpcCode: Int, data: JSONValue?, tool: String) -> String {
        switch rpcCode {
        case -32602:
            let parameter = data?["parameter"]?.stringValue.map { " `\($0)`" } ?? ""
            return "fix the argument\(parameter) (see the tool's inputSchema) and call \(tool) again."
        case transportErrorCode:
            return "ECS could not be reached (network, endpoint or timeout); retry later or check the endpoint."
        case noCredentialsCode:
            return "the server has no credentials for this call; ask the user to add a profile with "
                + "`ecsrpc credentials add` or set the ALIBABA_CLOUD_* environment — never ask for secrets in the conversation."
        case credentialStoreCode:
            return "the credential store could not be read; tell the user."
        case guardrailCode:
            if data?["confirmationRequired"]?.boolValue == true {
                return "nothing was done. Show the user what would be affected; only if they agree, call \(tool) again "
                    + "with \"confirm\": true."
            }
            return "this server's guardrails do not allow it; tell the user instead of working around it."
        case waitTimedOutCode:
            return "call instances_wait again with a longer timeoutSeconds, or look at the instances that did not "
                + "get there with instances_list."
        case instanceNotFoundCode:
            return "the instances in data.missing do not exist in that region; check the ids and the regionId with "
                + "instances_list. If they were created moments ago, call instances_wait for them with a longer "
                + "notFoundGraceSeconds (do not repeat the action itself when data.actionDone is true)."
        case cancelledCode:
            return "the call was cancelled; call it again if it is still wanted."
        default:
            return "if it is not clear how to fix it, tell the user and stop."
        }
    }
}
