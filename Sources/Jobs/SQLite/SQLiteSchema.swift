/// The job store's schema as numbered migrations; `PRAGMA user_version` records how many have
/// run. A migration is only ever appended, never edited, once released.
enum SQLiteSchema {
    static let migrations: [String] = [
        // 1: jobs and service metadata.
        """
        CREATE TABLE jobs (
            id              INTEGER PRIMARY KEY,
            dedupe_key      TEXT NOT NULL UNIQUE,
            kind            TEXT NOT NULL,
            meeting_uuid    TEXT NOT NULL,
            recording_start TEXT NOT NULL,
            host_email      TEXT NOT NULL,
            topic           TEXT NOT NULL,
            payload         BLOB NOT NULL,
            state           TEXT NOT NULL CHECK (state IN ('queued','running','waiting','held','skipped','done','failed')),
            attempts        INTEGER NOT NULL DEFAULT 0,
            run_at          INTEGER NOT NULL,
            lease_owner     TEXT,
            lease_until     INTEGER,
            reason          TEXT,
            progress        BLOB,
            entry_id        TEXT,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL
        );
        CREATE INDEX jobs_claimable ON jobs (state, run_at);
        CREATE INDEX jobs_meeting ON jobs (meeting_uuid, recording_start);
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        """,
        // 2: the admin surface: each job's history, and the owner rules admins set over HTTP.
        """
        CREATE TABLE job_events (
            id      INTEGER PRIMARY KEY,
            job_id  INTEGER NOT NULL REFERENCES jobs (id),
            attempt INTEGER NOT NULL,
            at      INTEGER NOT NULL,
            state   TEXT NOT NULL,
            reason  TEXT
        );
        CREATE INDEX job_events_job ON job_events (job_id, id);
        CREATE TABLE mappings (
            email      TEXT PRIMARY KEY,
            user_id    TEXT NOT NULL,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE opt_outs (
            email      TEXT PRIMARY KEY,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        """,
        // 3: claims find the next job in an index, whatever the number of finished jobs and
        // however long the backlog (a backfill): the due jobs in claim order, the leased ones.
        """
        CREATE INDEX jobs_due ON jobs (run_at, id) WHERE state IN ('queued', 'waiting');
        CREATE INDEX jobs_leased ON jobs (lease_until) WHERE state = 'running';
        """,
    ]

    /// Applies the migrations this database has not seen, in one transaction.
    /// - Throws: when the file was written by a newer version of the service.
    static func migrate(_ db: SQLiteConnection) throws(SQLiteConnection.Failure) {
        let current = Int(try db.scalar("PRAGMA user_version") ?? 0)
        guard current <= migrations.count else {
            throw .init(code: 1, message: "the database has schema version \(current), newer than this build knows (\(migrations.count)); upgrade zoom2kaltura")
        }
        guard current < migrations.count else { return }
        try db.execute("BEGIN IMMEDIATE")
        do throws(SQLiteConnection.Failure) {
            for migration in migrations[current...] { try db.execute(migration) }
            try db.execute("PRAGMA user_version = \(migrations.count)")
            try db.execute("COMMIT")
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
    }
}
