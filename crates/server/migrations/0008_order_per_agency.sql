-- Order per agency (issue #18): one change sequence per agency instead of one for the country.
-- A push locks its agency's row until it commits, so pushes of different agencies never wait
-- on each other, and within an agency `server_seq` values still become visible in the order
-- they were handed out: a pull, which reads one agency's records, never skips a change.
-- Every agency goes on from the one counter's value, so no device's cursor (a value of the old
-- counter) is ahead of its agency's next change.
CREATE TABLE sync_agency_counters (
    agency_id TEXT PRIMARY KEY,
    seq BIGINT NOT NULL
);
INSERT INTO sync_agency_counters (agency_id, seq)
    SELECT known.agency_id, c.seq
    FROM (SELECT id AS agency_id FROM agencies UNION SELECT agency_id FROM records) known, sync_counter c
    WHERE c.id = 1;
DROP TABLE sync_counter;

-- A change's number is unique within its agency; numbers of different agencies may meet.
DROP INDEX records_by_seq;
DROP INDEX records_by_agency;
CREATE UNIQUE INDEX records_by_agency ON records (agency_id, server_seq);
