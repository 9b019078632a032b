-- The gate's counts (GET /fairs/{id}/gate: registered, entered, left, walk-ins, repeat
-- scans, one pass over the fair's registrations) from an index alone: through
-- fair_students_entered each of the ~14,000 registrations of the article's fair was a
-- lookup in the table (~4 ms of CPU per read on SQLite, the most of any fair-day list;
-- ~1 ms with this index). fair_students_entered stays: the gate's "recent" list reads it
-- in (entered_at, id) order.
CREATE INDEX fair_students_gate ON fair_students (fair_id, entered_at, left_at, walk_in, scans);
