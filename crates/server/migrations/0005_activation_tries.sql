-- A code's wrong tries (issue #12's follow-up): after `activation::MAX_WRONG_TRIES` wrong codes
-- for its NIP the code is spent, so a guesser gets a handful of tries per code the Crisis
-- Center issues, not as many as they can send.
ALTER TABLE activations ADD COLUMN wrong_tries BIGINT NOT NULL DEFAULT 0;
