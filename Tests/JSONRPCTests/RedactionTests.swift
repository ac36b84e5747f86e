import JSON
import JSONRPC
import Testing

@Suite("Redaction")
struct RedactionTests {
    @Test(
        "secret-like keys are recognized case-insensitively",
        arguments: [
            ("accessKeySecret", true), ("AccessKeySecret", true), ("password", true), ("Password", true),
            ("securityToken", true), ("SecurityToken", true), ("sessionToken", true), ("client_secret", true),
            ("passphrase", true), ("privateKey", true), ("Authorization", true), ("token", true),
            ("clientToken", false), ("ClientToken", false), ("progressToken", false), ("nextToken", false),
            ("NextToken", false), ("regionId", false), ("accessKeyId", false), ("instanceId", false),
        ])
    func secretKeys(key: String, secret: Bool) {
        #expect(Redaction.isSecretKey(key) == secret)
    }

    @Test("redact masks values at any depth and keeps the rest")
    func redact() {
        let value: JSONValue = [
            "regionId": "cn", "accessKeySecret": "s3cr3t",
            "profiles": [["name": "a", "password": ["nested": "x"]]], "nextToken": "page2",
        ]
        #expect(Redaction.redact(value) == [
            "regionId": "cn", "accessKeySecret": "***", "profiles": [["name": "a", "password": "***"]], "nextToken": "page2",
        ])
    }

    @Test("secret values are scrubbed from free text and error objects")
    func scrub() {
        let params: JSONValue = ["password": "hunter22", "inner": ["securityToken": "tok-123"], "regionId": "cn", "token": "ab"]
        let secrets = Redaction.secretValues(in: params)
        #expect(Set(secrets) == ["hunter22", "tok-123"])
        #expect(Redaction.scrub("login with hunter22 and tok-123 in cn", secrets: secrets) == "login with *** and *** in cn")
        let error = RPCError(code: -32000, message: "bad hunter22", data: ["echo": "tok-123", "accessKeySecret": "zzz"])
        let clean = Redaction.scrub(error, secrets: secrets)
        #expect(clean.message == "bad ***")
        #expect(clean.data == ["echo": "***", "accessKeySecret": "***"])
    }

    @Test("tags as [{key, value}] or [{Key, Value}] pairs: the value of a pair naming a secret-like key is masked")
    func keyValuePairs() {
        let params: JSONValue = [
            "tags": [
                ["key": "password", "value": "PairPassword1"], ["Key": "DB_SECRET", "Value": "PairSecret22"],
                ["name": "apiToken", "value": ["nested": "PairToken333"]], ["key": "env", "value": "production"],
                ["key": "clientToken", "value": "visible-client"],
            ],
            "Tag": [["Key": "owner", "Value": "alice"]],
        ]
        #expect(Redaction.redact(params) == [
            "tags": [
                ["key": "password", "value": "***"], ["Key": "DB_SECRET", "Value": "***"],
                ["name": "apiToken", "value": "***"], ["key": "env", "value": "production"],
                ["key": "clientToken", "value": "visible-client"],
            ],
            "Tag": [["Key": "owner", "Value": "alice"]],
        ])
        let secrets = Redaction.secretValues(in: params)
        #expect(Set(secrets) == ["PairPassword1", "PairSecret22", "PairToken333"])
        #expect(Redaction.scrub("tags PairPassword1 PairSecret22 production", secrets: secrets) == "tags *** *** production")
    }

    @Test("a pair's name field is never masked, and a non-string key names nothing")
    func pairEdges() {
        let value: JSONValue = [["key": 7, "value": "seven"], ["Key": "password"], ["KEY": "Password", "VALUE": "x1y2z3"]]
        #expect(Redaction.redact(value) == [["key": 7, "value": "seven"], ["Key": "password"], ["KEY": "Password", "VALUE": "***"]])
    }
}
