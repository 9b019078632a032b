-- The recommendation snapshot (src/domain/recommend.c) follows other instances' edits of
-- positions through search_changes (0025); this log does the same for its students: under
-- recommend_epoch's value after a bump, the id of every student whose matching profile may have
-- changed (the students columns the snapshot reads, their skills, their applications), with,
-- for an application accepted or no longer accepted, its position (the seats filled), or
-- NULL and NULL for "everything" (the certificates dictionary: rare).  Each use of the
-- snapshot reads the epoch (one row by key) and, when it moved, re-reads the students and
-- positions logged since.  The log keeps at least the last 10,000 epochs, as 0025's does.
-- PostgreSQL: statement triggers reading the transition tables; commits happen in n order
-- because a bump holds recommend_epoch's row lock until its transaction ends (0025 says why).
CREATE TABLE recommend_epoch (id INTEGER PRIMARY KEY CHECK (id = 1), n BIGINT NOT NULL);
INSERT INTO recommend_epoch (id, n) VALUES (1, 1);
CREATE TABLE recommend_changes (n BIGINT NOT NULL, student_id BIGINT, position_id BIGINT);
CREATE INDEX recommend_changes_n ON recommend_changes (n);
-- Bumps the epoch, prunes the log every 64th value; returns the new value.
CREATE FUNCTION recommend_changes_next() RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE v BIGINT;
BEGIN
  UPDATE recommend_epoch SET n = n + 1 WHERE id = 1 RETURNING n INTO v;
  IF v % 64 = 0 THEN
    DELETE FROM recommend_changes WHERE n <= v - 10000;
  END IF;
  RETURN v;
END $$;
-- Students inserted or deleted; updated, those whose matched columns changed (a column list
-- cannot go with transition tables, so the rows are compared).
CREATE FUNCTION recommend_changes_students() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v BIGINT;
BEGIN
  IF TG_OP = 'INSERT' THEN
    v := recommend_changes_next();
    INSERT INTO recommend_changes (n, student_id) SELECT v, id FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    v := recommend_changes_next();
    INSERT INTO recommend_changes (n, student_id) SELECT v, id FROM old_rows;
  ELSIF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE (n.major_code, n.grad_year, n.degree, n.discoverable, n.cities, n.salary_min,
                       n.certificates, n.closed_at) IS DISTINCT FROM
                      (o.major_code, o.grad_year, o.degree, o.discoverable, o.cities, o.salary_min,
                       o.certificates, o.closed_at)) THEN
    v := recommend_changes_next();
    INSERT INTO recommend_changes (n, student_id)
    SELECT v, n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.major_code, n.grad_year, n.degree, n.discoverable, n.cities, n.salary_min,
           n.certificates, n.closed_at) IS DISTINCT FROM
          (o.major_code, o.grad_year, o.degree, o.discoverable, o.cities, o.salary_min,
           o.certificates, o.closed_at);
  END IF;
  RETURN NULL;
END $$;
-- Student skills and applications: the students of the rows, new and old, with the position
-- of an application accepted on either side.
CREATE FUNCTION recommend_changes_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v BIGINT := recommend_changes_next();
BEGIN
  IF TG_OP <> 'DELETE' THEN
    IF TG_TABLE_NAME = 'applications' THEN
      INSERT INTO recommend_changes (n, student_id, position_id)
      SELECT DISTINCT v, student_id, CASE WHEN status = 'accepted' THEN position_id END FROM new_rows;
    ELSE
      INSERT INTO recommend_changes (n, student_id) SELECT DISTINCT v, student_id FROM new_rows;
    END IF;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    IF TG_TABLE_NAME = 'applications' THEN
      INSERT INTO recommend_changes (n, student_id, position_id)
      SELECT DISTINCT v, student_id, CASE WHEN status = 'accepted' THEN position_id END FROM old_rows;
    ELSE
      INSERT INTO recommend_changes (n, student_id) SELECT DISTINCT v, student_id FROM old_rows;
    END IF;
  END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION recommend_changes_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO recommend_changes (n) VALUES (recommend_changes_next());
  RETURN NULL;
END $$;
CREATE TRIGGER recommend_changes_students_i AFTER INSERT ON students REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION recommend_changes_students();
CREATE TRIGGER recommend_changes_students_u AFTER UPDATE ON students
REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION recommend_changes_students();
CREATE TRIGGER recommend_changes_students_d AFTER DELETE ON students REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION recommend_changes_students();
CREATE TRIGGER recommend_changes_skills_i AFTER INSERT ON student_skills REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION recommend_changes_rows();
CREATE TRIGGER recommend_changes_skills_u AFTER UPDATE ON student_skills
REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION recommend_changes_rows();
CREATE TRIGGER recommend_changes_skills_d AFTER DELETE ON student_skills REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION recommend_changes_rows();
CREATE TRIGGER recommend_changes_applications_i AFTER INSERT ON applications REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION recommend_changes_rows();
CREATE TRIGGER recommend_changes_applications_u AFTER UPDATE ON applications
REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION recommend_changes_rows();
CREATE TRIGGER recommend_changes_applications_d AFTER DELETE ON applications REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION recommend_changes_rows();
CREATE TRIGGER recommend_changes_certificates AFTER INSERT OR UPDATE OR DELETE ON dict_certificates
FOR EACH STATEMENT EXECUTE FUNCTION recommend_changes_all();
