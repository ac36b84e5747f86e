// SPDX-License-Identifier: Apache-2.0

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// UTC time texts in the formats ECS uses: `2026-11-29T08:45Z` for instances, with seconds for images.
enum MinuteTime {
    static func minutes(_ date: Date) -> String {
        let parts = components(date)
        return "\(parts.year)-\(pad(parts.month))-\(pad(parts.day))T\(pad(parts.hour)):\(pad(parts.minute))Z"
    }

    static func seconds(_ date: Date) -> String {
        let parts = components(date)
        return "\(parts.year)-\(pad(parts.month))-\(pad(parts.day))T\(pad(parts.hour)):\(pad(parts.minute)):"
            + "\(pad(parts.second))Z"
    }

    /// Parses `yyyy-MM-ddTHH:mm:ssZ` or `yyyy-MM-ddTHH:mmZ` (UTC).
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 17 || bytes.count == 20, bytes.last == UInt8(ascii: "Z") else { return nil }
        func number(_ start: Int, _ length: Int) -> Int? {
            guard start + length <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<(start + length)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
            bytes[13] == UInt8(ascii: ":"), let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2)
        else { return nil }
        var second = 0
        if bytes.count == 20 {
            guard bytes[16] == UInt8(ascii: ":"), let value = number(17, 2) else { return nil }
            second = value
        }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return calendar.date(from: parts)
    }

    private static func components(_ date: Date) -> (
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    ) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var broken = tm()
        gmtime_r(&seconds, &broken)
        return (
            Int(broken.tm_year) + 1900, Int(broken.tm_mon) + 1, Int(broken.tm_mday), Int(broken.tm_hour),
            Int(broken.tm_min), Int(broken.tm_sec)
        )
    }

    private static func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
