#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads a verified webhook body into a `ZoomWebhook`. Lenient about what it does not use
/// (unknown keys anywhere), strict about what it does (required fields, JSON types), and every
/// failure names the JSON path. Foundation's parser is used as it is: it tolerates a trailing
/// comma, and of duplicate keys the first wins; the body is signed by Zoom, so neither matters.
public enum WebhookDecoder {
    public static func decode(_ body: [UInt8]) -> Result<ZoomWebhook, WebhookDecodeError> {
        guard !body.isEmpty else { return .failure(.invalidJSON("the body is empty")) }
        do {
            return .success(try JSONDecoder().decode(WireEnvelope.self, from: Data(body)).webhook)
        } catch let error as WebhookDecodeError {
            return .failure(error)
        } catch let error as DecodingError {
            return .failure(WirePath.error(from: error))
        } catch {
            return .failure(.invalidJSON("it could not be decoded"))
        }
    }
}
