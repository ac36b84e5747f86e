/// Field checks shared by profiles and the command line; messages name the field, never its value when secret.
enum ProfileValidation {
    static func validateName(_ name: String) throws(CredentialStoreError) {
        guard !name.isEmpty, name.utf8.count <= 64 else {
            throw .invalidProfileName(reason: "must be 1 to 64 characters")
        }
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
                || scalar == "-" || scalar == "_" || scalar == "."
        }
        guard allowed, name.first != "." else {
            throw .invalidProfileName(
                reason: "may hold only letters, digits, '-', '_' and '.', and may not start with '.'")
        }
    }

    static func validateToken(_ value: String, field: String, maxLength: Int) throws(CredentialStoreError) {
        guard !value.isEmpty else { throw .invalidField(field: field, reason: "must not be empty") }
        guard value.utf8.count <= maxLength else {
            throw .invalidField(field: field, reason: "is longer than \(maxLength) bytes")
        }
        guard value.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else {
            throw .invalidField(field: field, reason: "must not contain spaces or control characters")
        }
    }

    static func validateRegion(_ region: String) throws(CredentialStoreError) {
        let allowed = region.unicodeScalars.allSatisfy { scalar in
            (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") || scalar == "-"
        }
        guard allowed, region.utf8.count <= 64 else {
            throw .invalidField(field: "regionId", reason: "must be a region id like cn-hangzhou")
        }
    }

    static func validateEndpoint(_ endpoint: String) throws(CredentialStoreError) {
        try validateToken(endpoint, field: "endpoint", maxLength: 512)
    }
}
