-- The record kit (issue #11): a refusal names the record field at fault and the problem (JSON
-- of `posko_core::Problem`), so a re-delivered push gets the same translated answer.
ALTER TABLE sync_rejections ADD COLUMN field TEXT;
ALTER TABLE sync_rejections ADD COLUMN problem TEXT;
