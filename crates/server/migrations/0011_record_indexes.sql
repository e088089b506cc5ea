-- Indexes for the reads there are (issue #18, item 12). Since 0010 no statement finds records
-- by office or by person (the pull reads `record_audiences`), so those two indexes only cost
-- every stored record two more index writes. What a push of a kind with derived fields reads is
-- the agency's records of the kinds its `fill` references (a violation: the roster), which
-- `records_by_agency` answers only by reading every record of the agency.
DROP INDEX records_by_office;
DROP INDEX records_by_owner;
CREATE INDEX records_by_kind ON records (agency_id, kind);
