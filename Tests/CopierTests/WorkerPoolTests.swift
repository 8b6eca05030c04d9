import Config
import Copier
import Jobs
import Simulators
import Testing

/// Webhook in, private entry in the owner's My Media out: the worker pool against both
/// simulators.
@Suite struct WorkerPoolTests {
    @Test func aLectureBecomesOneEntryWithCaptionsAndChat() throws {
        let harness = try PoolHarness()
        harness.kaltura.addUser(KalturaUser(id: "alice@uni.edu", email: "alice@uni.edu", status: 1))
        let ids = try harness.deliver(uuid: "lecture==", files: PoolHarness.lectureFiles(prefix: "l1"))
        let jobs = try harness.waitFor(ids)
        #expect(jobs.map(\.state) == [.done], "\(jobs.map { $0.reason ?? "" })")

        let entries = harness.liveEntries(referenceID: "Zoom_lecture==2026-11-30T10:00:05Z")
        #expect(entries.count == 1)
        let entry = try #require(entries.first)
        #expect(entry.id == jobs[0].entryID)
        #expect(entry.userID == "alice@uni.edu" && entry.status == 2)
        #expect(entry.contentSHA256 == harness.zoom.sha256(fileID: "l1-screen"))
        #expect(entry.tags == "zoom" && entry.adminTags == "zoomentry" && entry.name == "Lecture")
        #expect(entry.categoryIDs.isEmpty && entry.entitledUsersView.isEmpty)
        #expect(entry.description.contains("Host: alice@uni.edu"))

        #expect(entry.captionIDs.count == 1 && entry.attachmentIDs.count == 1)
        let caption = try #require(harness.kaltura.asset(id: entry.captionIDs[0]))
        #expect(caption.fields["label"] == "Zoom_TRANSCRIPT" && caption.fields["language"] == "English")
        #expect(caption.content == ZoomSimulator.bytes(fileID: "l1-vtt", fileType: "TRANSCRIPT", size: 4000))
        let chat = try #require(harness.kaltura.asset(id: entry.attachmentIDs[0]))
        #expect(chat.content == ZoomSimulator.bytes(fileID: "l1-chat", fileType: "CHAT", size: 900))
        // Only the primary view was uploaded: not the speaker view, the audio or the timeline.
        #expect(harness.kaltura.counters.uploadedBytes == 3 << 20)
    }
}

/// Who owns the copy: matching modes, overrides, blocked users, the unmatched policies and
/// the campus switches, each through the whole pool.
@Suite struct OwnerEndToEndTests {
    static let reference = "Zoom_owner==2026-11-30T10:00:05Z"

    static func copy(host: String, type: Int = 2, rules: OwnerRules = OwnerRules(),
                     configure: (inout Configuration) -> Void = { _ in },
                     users: [KalturaUser] = []) throws -> (PoolHarness, Job) {
        let harness = try PoolHarness(rules: rules, configure: configure)
        for user in users { harness.kaltura.addUser(user) }
        let ids = try harness.deliver(uuid: "owner==", host: host, type: type,
                                      files: [ZoomFile(id: "o-screen", size: 1 << 20)])
        let job = try harness.waitFor(ids)[0]
        return (harness, job)
    }

    struct Matching: Sendable, CustomTestStringConvertible {
        var mode: UserMatching
        var suffix: String?
        var host: String
        var owner: String
        var testDescription: String { mode.rawValue }
    }

    @Test(arguments: [
        Matching(mode: .email, suffix: nil, host: "ada@uni.edu", owner: "ada@uni.edu"),
        Matching(mode: .addSuffix, suffix: "@uni.edu", host: "ada", owner: "ada@uni.edu"),
        Matching(mode: .removeSuffix, suffix: "@uni.edu", host: "ada@uni.edu", owner: "ada"),
        Matching(mode: .lookup, suffix: nil, host: "ada@uni.edu", owner: "kaltura-ada"),
    ])
    func eachMatchingModeFindsTheOwner(_ m: Matching) throws {
        let (harness, job) = try Self.copy(host: m.host, configure: {
            $0.userMatching = m.mode
            $0.userSuffix = m.suffix
        }, users: [KalturaUser(id: m.owner, email: m.mode == .lookup ? m.host : "", status: 1)])
        let owner = m.owner
        #expect(job.state == .done, "\(job.reason ?? "")")
        #expect(harness.liveEntries(referenceID: Self.reference).map(\.userID) == [owner])
    }

    @Test func anOverrideWinsOverMatching() throws {
        let (harness, job) = try Self.copy(host: "Ada.Lovelace@alumni.uni.edu",
                                           rules: OwnerRules(overrides: ["ada.lovelace@alumni.uni.edu": "alovelace"]),
                                           users: [KalturaUser(id: "alovelace", status: 1),
                                                   KalturaUser(id: "Ada.Lovelace@alumni.uni.edu", status: 1)])
        #expect(job.state == .done)
        #expect(harness.liveEntries(referenceID: Self.reference).map(\.userID) == ["alovelace"])
    }

    @Test func aBlockedUserIsNeverTheOwner() throws {
        let (harness, job) = try Self.copy(host: "ada@uni.edu", users: [KalturaUser(id: "ada@uni.edu", status: 0)])
        #expect(job.state == .held)
        #expect(harness.liveEntries(referenceID: Self.reference).map(\.userID) == ["zoom2kaltura-holding"])
    }

    @Test func anOptedOutHostIsSkippedAndNothingIsCopied() throws {
        let (harness, job) = try Self.copy(host: "Ada@uni.edu", rules: OwnerRules(optOuts: ["ada@uni.edu"]),
                                           users: [KalturaUser(id: "ada@uni.edu", status: 1)])
        #expect(job.state == .skipped && job.reason == "host opted out")
        #expect(harness.kaltura.entries().isEmpty && harness.kaltura.counters.uploadedBytes == 0)
    }

    @Test func webinarsCanBeSwitchedOff() throws {
        let (harness, job) = try Self.copy(host: "ada@uni.edu", type: 5, configure: { $0.copyWebinars = false },
                                           users: [KalturaUser(id: "ada@uni.edu", status: 1)])
        #expect(job.state == .skipped && job.reason == "webinars are not copied")
        #expect(harness.kaltura.entries().isEmpty)
    }

    @Test func unmatchedSkipAndCreateUser() throws {
        let (skipping, skipped) = try Self.copy(host: "nobody@uni.edu", configure: { $0.unmatchedPolicy = .skip })
        #expect(skipped.state == .skipped && skipping.kaltura.entries().isEmpty)
        let (creating, created) = try Self.copy(host: "new@uni.edu", configure: { $0.unmatchedPolicy = .createUser })
        #expect(created.state == .done)
        #expect(creating.kaltura.user(id: "new@uni.edu")?.status == 1)
        #expect(creating.liveEntries(referenceID: Self.reference).map(\.userID) == ["new@uni.edu"])
    }

    @Test func aHeldCopyIsDeletedWhenTheHoldEnds() throws {
        let (harness, job) = try Self.copy(host: "ghost@uni.edu")
        #expect(job.state == .held)
        let entry = try #require(harness.liveEntries(referenceID: Self.reference).first)
        #expect(entry.userID == "zoom2kaltura-holding" && entry.adminTags.contains("zoom2kaltura-held"))
        #expect(entry.categoryIDs.isEmpty && entry.entitledUsersView.isEmpty)

        let followUp = job.id + 1
        harness.advance(by: .seconds(23 * 3600))  // not yet
        #expect(try harness.store.job(id: followUp)?.state == .queued)
        harness.advance(by: .seconds(3600 + 1))
        let expired = try harness.waitFor([followUp])[0]
        #expect(expired.state == .done && expired.kind == "hold.expire", "\(expired.reason ?? "")")
        #expect(harness.liveEntries(referenceID: Self.reference).isEmpty)
        #expect(harness.kaltura.entry(id: entry.id)?.status == 3)
    }

    @Test func aHeldCopyGoesToItsOwnerWhenTheAccountAppears() throws {
        let (harness, job) = try Self.copy(host: "late@uni.edu")
        #expect(job.state == .held)
        harness.kaltura.addUser(KalturaUser(id: "late@uni.edu", email: "late@uni.edu", status: 1))
        harness.advance(by: .seconds(24 * 3600 + 1))
        let handedOver = try harness.waitFor([job.id + 1])[0]
        #expect(handedOver.state == .done && handedOver.reason == "handed over to late@uni.edu")
        let entry = try #require(harness.liveEntries(referenceID: Self.reference).first)
        #expect(entry.userID == "late@uni.edu" && !entry.adminTags.contains("held"))
    }
}

/// What the campus configures beyond ownership: categories, Zoom-side deletion, and what
/// never reaches the logs.
@Suite struct CampusSettingsTests {
    @Test func configuredCategoriesApplyToMeetingsAndWebinarsApart() throws {
        let harness = try PoolHarness(configure: {
            $0.meetingCategories = ["Zoom>Meetings"]
            $0.webinarCategories = ["Zoom>Webinars"]
        })
        harness.kaltura.addUser(KalturaUser(id: "ada@uni.edu", status: 1))
        harness.kaltura.addCategory(id: 11, fullName: "Zoom>Meetings")
        harness.kaltura.addCategory(id: 12, fullName: "Zoom>Webinars")
        let meeting = try harness.deliver(uuid: "cat-m==", host: "ada@uni.edu", files: [ZoomFile(id: "cm", size: 300_000)])
        let webinar = try harness.deliver(uuid: "cat-w==", host: "ada@uni.edu", type: 5, files: [ZoomFile(id: "cw", size: 300_000)])
        #expect(try harness.waitFor(meeting + webinar).map(\.state) == [.done, .done])
        #expect(harness.liveEntries(referenceID: "Zoom_cat-m==2026-11-30T10:00:05Z").first?.categoryIDs == [11])
        #expect(harness.liveEntries(referenceID: "Zoom_cat-w==2026-11-30T10:00:05Z").first?.categoryIDs == [12])
    }

    @Test func zoomFilesAreTrashedDaysAfterAVerifiedCopyOnlyWhenSwitchedOn() throws {
        let harness = try PoolHarness(settings: { $0.zoomDeleteAfterDays = 2 })
        harness.kaltura.addUser(KalturaUser(id: "ada@uni.edu", status: 1))
        let ids = try harness.deliver(uuid: "trash==", host: "ada@uni.edu", files: PoolHarness.lectureFiles(prefix: "z", size: 1 << 20))
        #expect(try harness.waitFor(ids)[0].state == .done)
        let trash = ids[0] + 1
        #expect(try harness.store.job(id: trash)?.kind == "zoom.trash")
        harness.advance(by: .seconds(2 * 86_400 - 60))
        #expect(try harness.store.job(id: trash)?.state == .queued && harness.zoom.counters.deletions.isEmpty)
        harness.advance(by: .seconds(61))
        let done = try harness.waitFor([trash])[0]
        #expect(done.state == .done, "\(done.reason ?? "")")
        #expect(harness.zoom.counters.deletions.count == 1)  // the copied view only
        #expect(harness.zoom.counters.deletions.allSatisfy { $0.contains("z-screen") })

        let off = try PoolHarness()
        off.kaltura.addUser(KalturaUser(id: "ada@uni.edu", status: 1))
        let kept = try off.deliver(uuid: "keep==", host: "ada@uni.edu", files: [ZoomFile(id: "k", size: 300_000)])
        #expect(try off.waitFor(kept)[0].state == .done)
        #expect(try off.store.job(id: kept[0] + 1) == nil)
    }

    @Test func tokensAndSessionsNeverReachTheLogs() throws {
        let harness = try PoolHarness()
        harness.kaltura.addUser(KalturaUser(id: "ada@uni.edu", status: 1))
        harness.zoom.expireDownloadTokens()  // the copy renews the token through the API: more to leak
        let ids = try harness.deliver(uuid: "quiet==", host: "ada@uni.edu", files: PoolHarness.lectureFiles(prefix: "q", size: 1 << 20))
        #expect(try harness.waitFor(ids)[0].state == .done)
        let text = harness.logs.lines.joined(separator: "\n")
        #expect(text.contains("recording copied"))  // logged before the job turns done ("job finished" comes after)
        #expect(!text.contains("djJ8") && !text.contains(harness.kaltura.adminSecret) && !text.contains(harness.zoom.clientSecret))
        let job = try #require(try harness.store.job(id: ids[0]))
        let body = String(decoding: job.payload, as: UTF8.self)
        let token = try #require(body.split(separator: "\"").first { $0.count > 20 && body.contains("\"download_token\":\"\($0)\"") })
        #expect(!text.contains(token))
    }
}
