-- Leaving a fair (issue 14): 入场学生 counts who came in, 在场学生 who is still inside.
-- left_at is set by a scan out at the gate (POST /fairs/{id}/checkout) and cleared by a
-- scan in; once the fair has ended nobody is inside, whatever was scanned.
ALTER TABLE fair_students ADD COLUMN left_at BIGINT;
