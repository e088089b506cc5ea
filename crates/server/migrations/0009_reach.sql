-- Reach (issue #18): when a change unnames a user from a record's reader field (a violation's
-- person or unit head changed), the record leaves that user's reach. The departure is kept
-- under the record's new change number, so the user's next pull after it tells their devices,
-- which drop the record. (Reach that changes with the user, a new office or role, is told by
-- the pull's reach fingerprint instead: the device pulls again from the start.)
CREATE TABLE record_departures (
    agency_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    server_seq BIGINT NOT NULL,
    record_id TEXT NOT NULL,
    PRIMARY KEY (agency_id, user_id, server_seq, record_id)
);
