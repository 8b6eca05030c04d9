import Foundation
import Jobs
import Testing
import TestSupport

/// `/mappings` and `/opt-outs` over loopback: each answer and each refusal.
@Suite struct RulesRoutesTests {
    @Test func mappingsCanBePutReadListedAndDeleted() throws {
        let api = try AdminAPIHarness()
        defer { api.stop() }
        #expect(try api.send("GET", "/mappings").text == #"{"mappings":[]}"#)
        let missing = try api.send("GET", "/mappings/jane@uni.edu")
        #expect(missing.status == 404)
        #expect(try api.errorCode(missing) == "mapping_not_found")

        let put = try api.send("PUT", "/mappings/Jane.Doe@Uni.edu", json: #"{"user_id":"jdoe"}"#)
        #expect(put.status == 200)
        #expect(put.text == #"{"email":"jane.doe@uni.edu","user_id":"jdoe"}"#)
        #expect(api.changes == 1)
        // Percent-decoded path: jane+zoom@uni.edu.
        #expect(try api.send("PUT", "/mappings/jane%2Bzoom%40uni.edu", json: #"{"user_id":"jane.z"}"#).status == 200)
        // Replacing is a PUT too.
        #expect(try api.send("PUT", "/mappings/jane.doe@uni.edu", json: #"{"user_id":"jane.doe"}"#).status == 200)
        #expect(try api.store.mappings() == ["jane.doe@uni.edu": "jane.doe", "jane+zoom@uni.edu": "jane.z"])
        #expect(api.changes == 3)

        let one = try api.send("GET", "/mappings/JANE.DOE%40uni.edu")
        #expect(one.status == 200 && one.text == #"{"email":"jane.doe@uni.edu","user_id":"jane.doe"}"#)
        let list = try api.send("GET", "/mappings")
        #expect(list.text == #"{"mappings":[{"email":"jane+zoom@uni.edu","user_id":"jane.z"},{"email":"jane.doe@uni.edu","user_id":"jane.doe"}]}"#)

        let deleted = try api.send("DELETE", "/mappings/jane.doe@uni.edu")
        #expect(deleted.status == 204 && deleted.body.isEmpty)
        #expect(api.changes == 4)
        let gone = try api.send("DELETE", "/mappings/jane.doe@uni.edu")
        #expect(gone.status == 404)
        #expect(try api.errorCode(gone) == "mapping_not_found")
        #expect(api.changes == 4, "a delete that changed nothing is no change")
    }

    @Test func badMappingsAre400WithAReason() throws {
        let api = try AdminAPIHarness()
        defer { api.stop() }
        let bodies: [(String, String)] = [
            (#"{"user_id":"has space"}"#, "bad_user_id"), (#"{"user_id":""}"#, "bad_user_id"),
            (#"{"user_id":42}"#, "bad_user_id"), (#"{}"#, "bad_user_id"),
            (#"{"user_id":"ok","role":"admin"}"#, "bad_body"), (#"["jdoe"]"#, "bad_body"), ("jdoe", "bad_body"),
            ("", "bad_body"), (#"{"user_id":"\#(String(repeating: "x", count: 321))"}"#, "bad_user_id"),
        ]
        for (body, code) in bodies {
            let response = try api.send("PUT", "/mappings/jane@uni.edu", json: body)
            #expect(response.status == 400, "\(body): \(response)")
            #expect(try api.errorCode(response) == code, "\(body): \(response)")
        }
        let emails = ["nobody", "a@b@c", "@uni.edu", "jane@", "jane%20doe@uni.edu", "jane%zz@uni.edu",
                      String(repeating: "x", count: 250) + "@u.edu", "jane%0A@uni.edu"]
        for email in emails {
            for (method, body) in [("PUT", #"{"user_id":"jdoe"}"#), ("GET", nil), ("DELETE", nil)] as [(String, String?)] {
                let response = try api.send(method, "/mappings/\(email)", body: body.map { Array($0.utf8) })
                #expect(response.status == 400, "\(method) \(email): \(response)")
                #expect(try api.errorCode(response) == "bad_email")
            }
        }
        #expect(try api.store.mappings().isEmpty && api.changes == 0)
    }

    @Test func optOutsCanBePutReadListedAndDeleted() throws {
        let api = try AdminAPIHarness()
        defer { api.stop() }
        #expect(try api.send("GET", "/opt-outs").text == #"{"opt_outs":[]}"#)
        #expect(try api.send("GET", "/opt-outs/bob@uni.edu").status == 404)

        let put = try api.send("PUT", "/opt-outs/Bob@Uni.edu")
        #expect(put.status == 200 && put.text == #"{"email":"bob@uni.edu"}"#)
        #expect(try api.send("PUT", "/opt-outs/eve%40uni.edu", json: "{}").status == 200)
        #expect(try api.send("PUT", "/opt-outs/bob@uni.edu").status == 200)  // again: still once
        #expect(api.changes == 3)
        #expect(try api.send("GET", "/opt-outs").text == #"{"opt_outs":[{"email":"bob@uni.edu"},{"email":"eve@uni.edu"}]}"#)
        #expect(try api.send("GET", "/opt-outs/BOB@uni.edu").text == #"{"email":"bob@uni.edu"}"#)

        let refused = try api.send("PUT", "/opt-outs/carol@uni.edu", json: #"{"email":"carol@uni.edu"}"#)
        #expect(refused.status == 400)
        #expect(try api.errorCode(refused) == "bad_body")
        #expect(try api.send("PUT", "/opt-outs/not-an-email").status == 400)

        #expect(try api.send("DELETE", "/opt-outs/bob@uni.edu").status == 204)
        let gone = try api.send("DELETE", "/opt-outs/bob@uni.edu")
        #expect(gone.status == 404)
        #expect(try api.errorCode(gone) == "opt_out_not_found")
        #expect(try api.store.optOuts() == ["eve@uni.edu"])
        #expect(api.changes == 4)
    }

    /// An email is read by Unicode scalars, as `openapi.yaml`'s pattern reads it: an `@` that a
    /// combining mark or an emoji modifier follows is still the `@`; Unicode spaces are refused.
    @Test func emailsAreReadByUnicodeScalars() throws {
        let api = try AdminAPIHarness()
        defer { api.stop() }
        let modifier = try api.send("PUT", "/opt-outs/x%40%F0%9F%8F%BB")  // x@🏻
        #expect(modifier.status == 200, "\(modifier)")
        #expect(try api.send("GET", "/mappings/a%40%CC%81b").status == 404)  // a@́b: a valid email, not mapped
        for space in ["%E2%80%A8", "%C2%A0", "%E3%80%80"] {  // line separator, no-break space, ideographic space
            let response = try api.send("GET", "/opt-outs/a\(space)b@uni.edu")
            #expect(response.status == 400, "\(space): \(response)")
            #expect(try api.errorCode(response) == "bad_email")
        }
    }

    @Test func unknownPathsAre404() throws {
        let api = try AdminAPIHarness()
        defer { api.stop() }
        for path in ["/mappings/a@b.c/extra", "/opt-outs/", "/jobs/1/frobnicate"] {
            #expect(try api.send("GET", path).status == 404, "\(path)")
        }
    }
}
