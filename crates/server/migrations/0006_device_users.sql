-- Device identity (issue #18): a device's sequence is kept per device and user. Device ids are
-- not secret (every stamp ends with one), so a sequence keyed by the device alone let anyone
-- signed in push under another device's id and make that device's next changes look like
-- duplicates. Now a push moves only the signed-in user's own sequence on that device, and a
-- shared phone's users no longer wait behind each other's unsent changes.
-- Existing rows keep their last sequence under the user who last pushed from the device; a
-- refusal is kept for that same user, so a re-delivered entry gets the same answer.
CREATE TABLE sync_devices_by_user (
    device_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    last_seq BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (device_id, user_id)
);
INSERT INTO sync_devices_by_user (device_id, user_id, last_seq, updated_at)
    SELECT device_id, user_id, last_seq, updated_at FROM sync_devices;
DROP TABLE sync_devices;
ALTER TABLE sync_devices_by_user RENAME TO sync_devices;

CREATE TABLE sync_rejections_by_user (
    device_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    code TEXT NOT NULL,
    detail TEXT NOT NULL,
    field TEXT,
    problem TEXT,
    PRIMARY KEY (device_id, user_id, seq)
);
INSERT INTO sync_rejections_by_user (device_id, user_id, seq, code, detail, field, problem)
    SELECT r.device_id, d.user_id, r.seq, r.code, r.detail, r.field, r.problem
    FROM sync_rejections r JOIN sync_devices d ON d.device_id = r.device_id;
DROP TABLE sync_rejections;
ALTER TABLE sync_rejections_by_user RENAME TO sync_rejections;
