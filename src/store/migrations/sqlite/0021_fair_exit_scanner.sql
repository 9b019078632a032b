-- Who scanned a student out at the gate (issue 9: check-outs go through the gate's group
-- commit as check-ins do, and are recorded alike): set with left_at, cleared with it by a
-- scan in, as entered_by goes with entered_at.
ALTER TABLE fair_students ADD COLUMN left_by BIGINT;
