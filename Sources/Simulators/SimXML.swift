import Foundation

/// Kaltura's default response format (no `format=1`): `<xml><result>…</result></xml>`. Enough
/// of it that a client forgetting `format=1` gets a body it cannot read as JSON.
enum SimXML {
    static func response(_ value: Any) -> String {
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><xml><result>" + element(value) + "</result><executionTime>0</executionTime></xml>"
    }

    private static func element(_ value: Any) -> String {
        if let object = value as? [String: Any] {
            if object["objectType"] as? String == "KalturaAPIException" {
                return "<error>" + object.keys.sorted().filter { $0 != "args" }.map { "<\($0)>\(element(object[$0] ?? ""))</\($0)>" }
                    .joined() + "</error>"
            }
            return object.keys.sorted().map { "<\($0)>\(element(object[$0] ?? ""))</\($0)>" }.joined()
        }
        if let array = value as? [Any] { return array.map { "<item>\(element($0))</item>" }.joined() }
        if value is NSNull { return "" }
        return escape(SimJSON.scalar(value) ?? "")
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
