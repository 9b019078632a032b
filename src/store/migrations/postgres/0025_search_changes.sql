-- The in-memory position search (src/domain/search_index.h) was rebuilt whole (~0.25 s at 6,680
-- positions) whenever search_epoch moved.  search_changes says what moved: the triggers that
-- bump the epoch (0020, 0022) now also log, under the epoch's value after the bump, the id of
-- every position whose item may have changed (a position, its majors or skills; each position
-- of an enterprise whose name, industry or zone changed), or NULL for "everything" (the
-- city, major, skill and industry dictionaries: rare).  A search whose epoch read moved past
-- its index's reads the rows in (index's epoch, epoch] and re-reads only those positions.
-- The log keeps at least the last 10,000 epochs: every 64th bump deletes rows 10,000 or more
-- behind it, so a snapshot that reads epoch E holds every row with n > E - 10,000; an index
-- further behind is rebuilt whole (src/domain/search_index.c: KEEP).  A NULL row is logged
-- now: an index built before this migration is rebuilt whole once.
-- PostgreSQL: statement triggers (a bulk load bumps once per statement) reading the
-- statement's transition tables.  Why n orders the commits, so that a reader that sees epoch E
-- sees every row logged with n <= E: a bump is an UPDATE of the one search_epoch row, whose row
-- lock its transaction holds until it commits or rolls back; a second writer's bump waits for
-- that lock and, once the first has committed, re-reads the row (READ COMMITTED's re-check of
-- an updated row) and writes n + 1.  So the transaction that wrote n committed before any
-- transaction could write n + 1, with its log rows (same transaction); a snapshot that sees
-- the row at E was taken after E's writer committed, hence after every writer of a smaller n.
-- (A writer rolled back frees the lock and its n is written again by the next: its log rows
-- are gone with it.)  A reader reads the epoch and the rows in one statement (one snapshot).
CREATE TABLE search_changes (n BIGINT NOT NULL, position_id BIGINT);
CREATE INDEX search_changes_n ON search_changes (n);
UPDATE search_epoch SET n = n + 1 WHERE id = 1;
INSERT INTO search_changes (n, position_id) SELECT n, NULL FROM search_epoch WHERE id = 1;
-- Bumps the epoch, prunes the log every 64th value; returns the new value.
CREATE FUNCTION search_changes_next() RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE v BIGINT;
BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1 RETURNING n INTO v;
  IF v % 64 = 0 THEN
    DELETE FROM search_changes WHERE n <= v - 10000;
  END IF;
  RETURN v;
END $$;
-- A statement on positions (TG_ARGV[0] = 'id') or their majors or skills ('position_id'):
-- the positions of its rows, new (insert, update) and old (update, delete).
CREATE FUNCTION search_changes_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v BIGINT := search_changes_next();
BEGIN
  IF TG_OP <> 'DELETE' THEN
    EXECUTE format('INSERT INTO search_changes (n, position_id) SELECT DISTINCT $1, %I FROM new_rows',
                   TG_ARGV[0]) USING v;
  END IF;
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND TG_ARGV[0] <> 'id') THEN
    EXECUTE format('INSERT INTO search_changes (n, position_id) SELECT DISTINCT $1, %I FROM old_rows',
                   TG_ARGV[0]) USING v;
  END IF;
  RETURN NULL;
END $$;
-- Enterprises: the positions of those whose name, industry or zone changed.
CREATE FUNCTION search_changes_orgs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v BIGINT;
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (n.name, n.industry_code, n.in_zone) IS DISTINCT FROM
                   (o.name, o.industry_code, o.in_zone)) THEN
    v := search_changes_next();
    INSERT INTO search_changes (n, position_id)
    SELECT v, p.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    JOIN positions p ON p.enterprise_id = n.id
    WHERE (n.name, n.industry_code, n.in_zone) IS DISTINCT FROM (o.name, o.industry_code, o.in_zone);
  END IF;
  RETURN NULL;
END $$;
-- A dictionary: everything.
CREATE FUNCTION search_changes_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_changes (n, position_id) VALUES (search_changes_next(), NULL);
  RETURN NULL;
END $$;
DROP TRIGGER search_epoch_positions ON positions;
DROP TRIGGER search_epoch_majors ON position_majors;
DROP TRIGGER search_epoch_skills ON position_skills;
DROP TRIGGER search_epoch_orgs ON organizations;
CREATE TRIGGER search_changes_positions_i AFTER INSERT ON positions REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION search_changes_rows('id');
CREATE TRIGGER search_changes_positions_u AFTER UPDATE ON positions
REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION search_changes_rows('id');
CREATE TRIGGER search_changes_positions_d AFTER DELETE ON positions REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION search_changes_rows('id');
CREATE TRIGGER search_changes_majors_i AFTER INSERT ON position_majors REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION search_changes_rows('position_id');
CREATE TRIGGER search_changes_majors_u AFTER UPDATE ON position_majors
REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION search_changes_rows('position_id');
CREATE TRIGGER search_changes_majors_d AFTER DELETE ON position_majors REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION search_changes_rows('position_id');
CREATE TRIGGER search_changes_skills_i AFTER INSERT ON position_skills REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION search_changes_rows('position_id');
CREATE TRIGGER search_changes_skills_u AFTER UPDATE ON position_skills
REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION search_changes_rows('position_id');
CREATE TRIGGER search_changes_skills_d AFTER DELETE ON position_skills REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION search_changes_rows('position_id');
CREATE TRIGGER search_changes_orgs AFTER UPDATE ON organizations
REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION search_changes_orgs();
DROP TRIGGER search_epoch_industries ON dict_industries;
CREATE TRIGGER search_epoch_industries AFTER INSERT OR UPDATE OR DELETE ON dict_industries
FOR EACH STATEMENT EXECUTE FUNCTION search_changes_all();
DROP TRIGGER search_epoch_cities ON dict_cities;
CREATE TRIGGER search_epoch_cities AFTER INSERT OR UPDATE OR DELETE ON dict_cities
FOR EACH STATEMENT EXECUTE FUNCTION search_changes_all();
DROP TRIGGER search_epoch_dict_majors ON dict_majors;
CREATE TRIGGER search_epoch_dict_majors AFTER INSERT OR UPDATE OR DELETE ON dict_majors
FOR EACH STATEMENT EXECUTE FUNCTION search_changes_all();
DROP TRIGGER search_epoch_dict_skills ON dict_skills;
CREATE TRIGGER search_epoch_dict_skills AFTER INSERT OR UPDATE OR DELETE ON dict_skills
FOR EACH STATEMENT EXECUTE FUNCTION search_changes_all();
DROP FUNCTION search_epoch_bump();
