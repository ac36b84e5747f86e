import Foundation

/// The on-disk form of the store (`credentials.json`, version 1). Kept apart from `CredentialProfile`
/// so profiles cannot be encoded with their secrets anywhere but here.
enum CredentialFileFormat {
    static let currentVersion = 1

    struct Document: Codable {
        var version: Int
        var defaultProfile: String?
        var profiles: [Record]
    }

    struct Record: Codable {
        var name: String
        var accessKeyId: String
        var accessKeySecret: String
        var securityToken: String?
        var regionId: String?
        var endpoint: String?
    }

    static func encode(_ stored: StoredCredentials) -> [UInt8] {
        let document = Document(
            version: currentVersion, defaultProfile: stored.defaultProfileName,
            profiles: stored.profiles.map { profile in
                Record(
                    name: profile.name, accessKeyId: profile.credentials.accessKeyId,
                    accessKeySecret: profile.credentials.accessKeySecret,
                    securityToken: profile.credentials.securityToken, regionId: profile.regionId,
                    endpoint: profile.endpoint)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and integers cannot fail.
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return Array(data) + [0x0A]
    }

    /// Decodes and checks a store file; every problem becomes `.corruptFile` with a reason free of values.
    static func decode(_ bytes: [UInt8], path: String) throws(CredentialStoreError) -> StoredCredentials {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw .corruptFile(path: path, reason: reason(for: error))
        } catch {
            throw .corruptFile(path: path, reason: "not valid JSON")
        }
        guard document.version == currentVersion else {
            throw .corruptFile(path: path, reason: "unsupported version \(document.version)")
        }
        var profiles: [CredentialProfile] = []
        for (index, record) in document.profiles.enumerated() {
            do {
                profiles.append(
                    try CredentialProfile(
                        name: record.name, accessKeyId: record.accessKeyId, accessKeySecret: record.accessKeySecret,
                        securityToken: record.securityToken, regionId: record.regionId, endpoint: record.endpoint))
            } catch {
                throw .corruptFile(path: path, reason: "profile #\(index + 1): \(error)")
            }
        }
        guard Set(profiles.map(\.name)).count == profiles.count else {
            throw .corruptFile(path: path, reason: "two profiles share a name")
        }
        if let name = document.defaultProfile, !profiles.contains(where: { $0.name == name }) {
            throw .corruptFile(path: path, reason: "the default profile '\(name)' is not among the profiles")
        }
        return StoredCredentials(profiles: profiles, defaultProfileName: document.defaultProfile)
    }

    private static func reason(for error: DecodingError) -> String {
        func place(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "the top level" : path.map { $0.intValue.map { "#\($0 + 1)" } ?? $0.stringValue }
                .joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\(key.stringValue)' at \(place(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(place(context.codingPath))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "bad value at \(place(context.codingPath))"
        @unknown default:
            return "unreadable"
        }
    }
}
