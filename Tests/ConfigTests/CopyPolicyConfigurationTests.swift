import Config
import Testing

/// The variables that decide what is copied and how jobs are run.
@Suite struct CopyPolicyConfigurationTests {
    @Test func defaults() throws {
        let c = try Configuration.load(from: [:])
        #expect(c.overridesFile == nil && c.optOutFile == nil)
        #expect(c.copyMeetings && c.copyWebinars && !c.childViews)
        #expect(c.meetingCategories.isEmpty && c.webinarCategories.isEmpty)
        #expect(c.optInGroups.isEmpty && c.optOutGroups.isEmpty)
        #expect(c.viewPriority == [
            "shared_screen_with_speaker_view(CC)", "shared_screen_with_speaker_view", "shared_screen_with_gallery_view",
            "shared_screen", "speaker_view", "active_speaker", "gallery_view",
        ])
        #expect(c.conversionProfileID == nil && c.zoomDeleteAfterDays == 0)
        #expect(c.maxAttempts == 8 && c.jobLease == .seconds(60) && c.kalturaListLag == .seconds(30))
    }

    @Test func validValuesAreRead() throws {
        let c = try Configuration.load(from: [
            "OVERRIDES_FILE": "/etc/z2k/overrides.csv", "OPT_OUT_FILE": "opt-out.json",
            "COPY_MEETINGS": "Off", "COPY_WEBINARS": "0", "CHILD_VIEWS": "YES",
            "MEETING_CATEGORIES": "Lectures > Zoom, MediaSpace>site>Zoom", "WEBINAR_CATEGORIES": "Webinars",
            "OPT_OUT_GROUPS": "no-zoom, staff@x",
            "VIEW_PRIORITY": " speaker_view ,shared_screen", "KALTURA_CONVERSION_PROFILE_ID": "4242",
            "ZOOM_DELETE_AFTER_DAYS": "30", "ZOOM_ACCOUNT_ID": "acct", "ZOOM_CLIENT_ID": "client",
            "ZOOM_CLIENT_SECRET": "secret", "MAX_ATTEMPTS": "100", "JOB_LEASE": "5s", "KALTURA_LIST_LAG": "0",
        ])
        #expect(c.overridesFile == "/etc/z2k/overrides.csv" && c.optOutFile == "opt-out.json")
        #expect(!c.copyMeetings && !c.copyWebinars && c.childViews)
        #expect(c.meetingCategories == ["Lectures>Zoom", "MediaSpace>site>Zoom"])
        #expect(c.webinarCategories == ["Webinars"])
        #expect(c.optInGroups.isEmpty && c.optOutGroups == ["no-zoom", "staff@x"])
        #expect(c.viewPriority == ["speaker_view", "shared_screen"])
        #expect(c.conversionProfileID == 4242 && c.zoomDeleteAfterDays == 30)
        #expect(c.maxAttempts == 100 && c.jobLease == .seconds(5) && c.kalturaListLag == .zero)
    }

    @Test(arguments: ["true", "TRUE", "1", "yes", "On"])
    func truthyBooleans(_ text: String) throws {
        #expect(try Configuration.load(from: ["CHILD_VIEWS": text]).childViews)
    }

    @Test(arguments: ["false", "False", "0", "NO", "off"])
    func falsyBooleans(_ text: String) throws {
        #expect(try !Configuration.load(from: ["COPY_MEETINGS": text]).copyMeetings)
    }

    @Test(arguments: [
        ("COPY_MEETINGS", "maybe", "must be true or false"),
        ("COPY_WEBINARS", "2", "must be true or false"),
        ("CHILD_VIEWS", "y", "yes/no"),
        ("MEETING_CATEGORIES", "A,,B", "empty entry"),
        ("MEETING_CATEGORIES", "A>", "full Kaltura category names"),
        ("WEBINAR_CATEGORIES", ">Zoom", "full Kaltura category names"),
        ("WEBINAR_CATEGORIES", "W,W", "twice"),
        ("OPT_IN_GROUPS", "good,has space", "Kaltura group ids"),
        ("OPT_OUT_GROUPS", "g1,", "empty entry"),
        ("VIEW_PRIORITY", "speaker_view,,gallery_view", "empty entry"),
        ("VIEW_PRIORITY", "speaker_view,gallery_view,speaker_view", "\"speaker_view\" twice"),
        ("VIEW_PRIORITY", "speaker view", "recording_type"),
        ("KALTURA_CONVERSION_PROFILE_ID", "0", "from 1"),
        ("KALTURA_CONVERSION_PROFILE_ID", "abc", "whole number"),
        ("ZOOM_DELETE_AFTER_DAYS", "31", "from 0 to 30"),
        ("ZOOM_DELETE_AFTER_DAYS", "7", "ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET"),
        ("MAX_ATTEMPTS", "0", "from 1 to 100"),
        ("MAX_ATTEMPTS", "101", "from 1 to 100"),
        ("JOB_LEASE", "4s", "from 5s to 1h"),
        ("JOB_LEASE", "2h", "from 5s to 1h"),
        ("KALTURA_LIST_LAG", "11m", "from 0s to 10m"),
        ("OVERRIDES_FILE", "/etc/z2k/", "path of a file"),
    ])
    func invalidValueIsExplained(_ variable: String, _ value: String, _ hint: String) {
        do {
            _ = try Configuration.load(from: [variable: value])
            Issue.record("\(variable)=\(value) was accepted")
        } catch {
            #expect(error.problems.map(\.variable) == [variable])
            #expect(error.description.contains(hint), "\(error.description)")
        }
    }

    @Test func optInAndOptOutGroupsExcludeEachOther() {
        do {
            _ = try Configuration.load(from: ["OPT_IN_GROUPS": "a", "OPT_OUT_GROUPS": "b"])
            Issue.record("both group lists were accepted")
        } catch {
            #expect(error.problems.map(\.variable) == ["OPT_OUT_GROUPS"])
            #expect(error.description.contains("OPT_IN_GROUPS"))
        }
    }

    @Test func deletionProblemNeverShowsTheClientSecret() {
        do {
            _ = try Configuration.load(from: ["ZOOM_DELETE_AFTER_DAYS": "3", "ZOOM_CLIENT_SECRET": "zoom-client-secret"])
            Issue.record("accepted")
        } catch {
            #expect(Set(error.problems.map(\.variable)) == ["ZOOM_ACCOUNT_ID", "ZOOM_DELETE_AFTER_DAYS"])
            #expect(!error.description.contains("zoom-client-secret"))
        }
    }

    @Test func allProblemsAreReportedTogether() {
        do {
            _ = try Configuration.load(from: ["COPY_MEETINGS": "x", "VIEW_PRIORITY": "a,a", "JOB_LEASE": "1s", "MAX_ATTEMPTS": "0"])
            Issue.record("accepted")
        } catch {
            #expect(Set(error.problems.map(\.variable)) == ["COPY_MEETINGS", "VIEW_PRIORITY", "JOB_LEASE", "MAX_ATTEMPTS"])
        }
    }

    @Test func summaryListsTheNewVariables() throws {
        let c = try Configuration.load(from: ["MEETING_CATEGORIES": "A>B,C", "OPT_IN_GROUPS": "g"])
        let summary = Dictionary(uniqueKeysWithValues: c.summary.map { ($0.name, $0.value) })
        #expect(summary["MEETING_CATEGORIES"] == "A>B,C")
        #expect(summary["WEBINAR_CATEGORIES"] == "<none: private>")
        #expect(summary["OPT_IN_GROUPS"] == "g")
        #expect(summary["COPY_WEBINARS"] == "true")
        #expect(summary["VIEW_PRIORITY"]?.hasPrefix("shared_screen_with_speaker_view(CC),") == true)
        #expect(summary["JOB_LEASE"] == "1m" && summary["KALTURA_LIST_LAG"] == "30s" && summary["MAX_ATTEMPTS"] == "8")
        for name in ["OVERRIDES_FILE", "OPT_OUT_FILE", "CHILD_VIEWS", "KALTURA_CONVERSION_PROFILE_ID", "ZOOM_DELETE_AFTER_DAYS"] {
            #expect(summary[name] != nil, "\(name) missing")
        }
    }
}
