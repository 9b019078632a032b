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
-- SQLite: one writer at a time, so n orders the commits; row triggers.
CREATE TABLE search_changes (n BIGINT NOT NULL, position_id BIGINT);
CREATE INDEX search_changes_n ON search_changes (n);
UPDATE search_epoch SET n = n + 1 WHERE id = 1;
INSERT INTO search_changes (n, position_id) SELECT n, NULL FROM search_epoch WHERE id = 1;
CREATE TRIGGER search_changes_prune AFTER INSERT ON search_changes WHEN NEW.n % 64 = 0 BEGIN
  DELETE FROM search_changes WHERE n <= NEW.n - 10000;
END;
DROP TRIGGER search_epoch_pi;
CREATE TRIGGER search_epoch_pi AFTER INSERT ON positions BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, NEW.id FROM search_epoch WHERE id = 1;
END;
DROP TRIGGER search_epoch_pu;
CREATE TRIGGER search_epoch_pu AFTER UPDATE ON positions BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, NEW.id FROM search_epoch WHERE id = 1;
END;
DROP TRIGGER search_epoch_pd;
CREATE TRIGGER search_epoch_pd AFTER DELETE ON positions BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, OLD.id FROM search_epoch WHERE id = 1;
END;
DROP TRIGGER search_epoch_mi;
CREATE TRIGGER search_epoch_mi AFTER INSERT ON position_majors BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, NEW.position_id FROM search_epoch WHERE id = 1;
END;
DROP TRIGGER search_epoch_mu;
CREATE TRIGGER search_epoch_mu AFTER UPDATE ON position_majors BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, NEW.position_id FROM search_epoch WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, OLD.position_id FROM search_epoch WHERE id = 1;
END;
DROP TRIGGER search_epoch_md;
CREATE TRIGGER search_epoch_md AFTER DELETE ON position_majors BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, OLD.position_id FROM search_epoch WHERE id = 1;
END;
DROP TRIGGER search_epoch_si;
CREATE TRIGGER search_epoch_si AFTER INSERT ON position_skills BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, NEW.position_id FROM search_epoch WHERE id = 1;
END;
DROP TRIGGER search_epoch_su;
CREATE TRIGGER search_epoch_su AFTER UPDATE ON position_skills BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, NEW.position_id FROM search_epoch WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, OLD.position_id FROM search_epoch WHERE id = 1;
END;
DROP TRIGGER search_epoch_sd;
CREATE TRIGGER search_epoch_sd AFTER DELETE ON position_skills BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, OLD.position_id FROM search_epoch WHERE id = 1;
END;
DROP TRIGGER search_epoch_ou;
CREATE TRIGGER search_epoch_ou AFTER UPDATE OF name, industry_code, in_zone ON organizations BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO search_changes (n, position_id)
    SELECT e.n, p.id FROM search_epoch e JOIN positions p ON p.enterprise_id = NEW.id WHERE e.id = 1;
END;
DROP TRIGGER search_epoch_ii;
CREATE TRIGGER search_epoch_ii AFTER INSERT ON dict_industries BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, NULL FROM search_epoch WHERE id = 1;
END;
DROP TRIGGER search_epoch_iu;
CREATE TRIGGER search_epoch_iu AFTER UPDATE ON dict_industries BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, NULL FROM search_epoch WHERE id = 1;
END;
DROP TRIGGER search_epoch_id;
CREATE TRIGGER search_epoch_id AFTER DELETE ON dict_industries BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, NULL FROM search_epoch WHERE id = 1;
END;
DROP TRIGGER search_epoch_ci;
CREATE TRIGGER search_epoch_ci AFTER INSERT ON dict_cities BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, NULL FROM search_epoch WHERE id = 1;
END;
DROP TRIGGER search_epoch_cu;
CREATE TRIGGER search_epoch_cu AFTER UPDATE ON dict_cities BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, NULL FROM search_epoch WHERE id = 1;
END;
DROP TRIGGER search_epoch_cd;
CREATE TRIGGER search_epoch_cd AFTER DELETE ON dict_cities BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, NULL FROM search_epoch WHERE id = 1;
END;
DROP TRIGGER search_epoch_dmi;
CREATE TRIGGER search_epoch_dmi AFTER INSERT ON dict_majors BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, NULL FROM search_epoch WHERE id = 1;
END;
DROP TRIGGER search_epoch_dmu;
CREATE TRIGGER search_epoch_dmu AFTER UPDATE ON dict_majors BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, NULL FROM search_epoch WHERE id = 1;
END;
DROP TRIGGER search_epoch_dmd;
CREATE TRIGGER search_epoch_dmd AFTER DELETE ON dict_majors BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, NULL FROM search_epoch WHERE id = 1;
END;
DROP TRIGGER search_epoch_dsi;
CREATE TRIGGER search_epoch_dsi AFTER INSERT ON dict_skills BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, NULL FROM search_epoch WHERE id = 1;
END;
DROP TRIGGER search_epoch_dsu;
CREATE TRIGGER search_epoch_dsu AFTER UPDATE ON dict_skills BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, NULL FROM search_epoch WHERE id = 1;
END;
DROP TRIGGER search_epoch_dsd;
CREATE TRIGGER search_epoch_dsd AFTER DELETE ON dict_skills BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO search_changes (n, position_id) SELECT n, NULL FROM search_epoch WHERE id = 1;
END;
