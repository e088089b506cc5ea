-- Sync: the merged records, each device's last applied push, the server's change sequence, and
-- the history of every field change. SQL that SQLite and PostgreSQL both accept; times here are
-- Unix milliseconds (BIGINT), the unit of the sync protocol.

-- One row per record, whatever its kind. `body` is the merged `posko_core::sync::Record` as JSON,
-- sent to pulls as stored. The envelope columns copy the body's fixed envelope, for scope.
-- `server_seq` is the change sequence of the record's latest change: pulls page by it.
CREATE TABLE records (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    agency_id TEXT NOT NULL,
    office_id TEXT,
    owner_id TEXT,
    body TEXT NOT NULL,
    server_seq BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Every change gets a sequence number of its own; one index per shape of scope (`Scope`).
CREATE UNIQUE INDEX records_by_seq ON records (server_seq);
CREATE INDEX records_by_agency ON records (agency_id, server_seq);
CREATE INDEX records_by_office ON records (agency_id, office_id, server_seq);
CREATE INDEX records_by_owner ON records (agency_id, owner_id, server_seq);

-- The last outbox sequence number applied from each device, written in the same transaction as
-- the records it applied, so a push is applied once however often it is delivered.
CREATE TABLE sync_devices (
    device_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    last_seq BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Entries the server refused, so a re-delivered push gets the same answer instead of
-- "duplicate", which would tell the device that a refused record was stored.
CREATE TABLE sync_rejections (
    device_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    code TEXT NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)
);

-- The server's change sequence: one row. Every push locks it first (an UPDATE) and holds the
-- lock until it commits, so sequence numbers are handed out in commit order.
CREATE TABLE sync_counter (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL
);

INSERT INTO sync_counter (id, seq) VALUES (1, 0);

-- Every field change a push carried, the ones that took effect (won = 1) and the ones that
-- arrived after a later value (won = 0). Values are JSON text; the key makes a re-delivered
-- change insert nothing.
CREATE TABLE field_history (
    record_id TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT NOT NULL,
    stamp TEXT NOT NULL,
    won SMALLINT NOT NULL CHECK (won IN (0, 1)),
    user_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (record_id, field, stamp)
);
