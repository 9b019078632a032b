-- The in-memory position search (src/domain/search_index.h) serves from a copy of the open
-- positions; search_epoch counts the committed changes of what that copy holds (a position's
-- text, state, kind, city, salary or enterprise, its majors, its enterprise's industry or
-- zone, the industry dictionary).  Every search reads the count (one row by key) and
-- rebuilds the copy when it moved: writes by this server, another instance or a CLI
-- (`skyway demo`, imports) are all seen by the next search after their commit.  Statement
-- triggers: a bulk load bumps it once per statement, not per row.
CREATE TABLE search_epoch (id INTEGER PRIMARY KEY CHECK (id = 1), n BIGINT NOT NULL);
INSERT INTO search_epoch (id, n) VALUES (1, 1);
CREATE FUNCTION search_epoch_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  RETURN NULL;
END $$;
CREATE TRIGGER search_epoch_positions AFTER INSERT OR DELETE OR UPDATE OF status, kind,
  city_code, salary_max, enterprise_id, search_text ON positions
FOR EACH STATEMENT EXECUTE FUNCTION search_epoch_bump();
CREATE TRIGGER search_epoch_majors AFTER INSERT OR UPDATE OR DELETE ON position_majors
FOR EACH STATEMENT EXECUTE FUNCTION search_epoch_bump();
CREATE TRIGGER search_epoch_orgs AFTER UPDATE OF industry_code, in_zone ON organizations
FOR EACH STATEMENT EXECUTE FUNCTION search_epoch_bump();
CREATE TRIGGER search_epoch_industries AFTER INSERT OR UPDATE OR DELETE ON dict_industries
FOR EACH STATEMENT EXECUTE FUNCTION search_epoch_bump();
