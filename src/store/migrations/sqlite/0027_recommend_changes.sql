-- The recommendation snapshot (src/domain/recommend.c) follows other instances' edits of
-- positions through search_changes (0025); this log does the same for its students: under
-- recommend_epoch's value after a bump, the id of every student whose matching profile may have
-- changed (the students columns the snapshot reads, their skills, their applications), with,
-- for an application accepted or no longer accepted, its position (the seats filled), or
-- NULL and NULL for "everything" (the certificates dictionary: rare).  Each use of the
-- snapshot reads the epoch (one row by key) and, when it moved, re-reads the students and
-- positions logged since.  The log keeps at least the last 10,000 epochs, as 0025's does.
-- SQLite: one writer at a time, so n orders the commits; row triggers.
CREATE TABLE recommend_epoch (id INTEGER PRIMARY KEY CHECK (id = 1), n BIGINT NOT NULL);
INSERT INTO recommend_epoch (id, n) VALUES (1, 1);
CREATE TABLE recommend_changes (n BIGINT NOT NULL, student_id BIGINT, position_id BIGINT);
CREATE INDEX recommend_changes_n ON recommend_changes (n);
CREATE TRIGGER recommend_changes_prune AFTER INSERT ON recommend_changes WHEN NEW.n % 64 = 0 BEGIN
  DELETE FROM recommend_changes WHERE n <= NEW.n - 10000;
END;
CREATE TRIGGER recommend_epoch_si AFTER INSERT ON students BEGIN
  UPDATE recommend_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO recommend_changes (n, student_id) SELECT n, NEW.id FROM recommend_epoch WHERE id = 1;
END;
CREATE TRIGGER recommend_epoch_su AFTER UPDATE OF major_code, grad_year, degree, discoverable,
  cities, salary_min, certificates, closed_at ON students BEGIN
  UPDATE recommend_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO recommend_changes (n, student_id) SELECT n, NEW.id FROM recommend_epoch WHERE id = 1;
END;
CREATE TRIGGER recommend_epoch_sd AFTER DELETE ON students BEGIN
  UPDATE recommend_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO recommend_changes (n, student_id) SELECT n, OLD.id FROM recommend_epoch WHERE id = 1;
END;
CREATE TRIGGER recommend_epoch_ki AFTER INSERT ON student_skills BEGIN
  UPDATE recommend_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO recommend_changes (n, student_id) SELECT n, NEW.student_id FROM recommend_epoch WHERE id = 1;
END;
CREATE TRIGGER recommend_epoch_ku AFTER UPDATE ON student_skills BEGIN
  UPDATE recommend_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO recommend_changes (n, student_id) SELECT n, NEW.student_id FROM recommend_epoch WHERE id = 1;
  INSERT INTO recommend_changes (n, student_id) SELECT n, OLD.student_id FROM recommend_epoch WHERE id = 1;
END;
CREATE TRIGGER recommend_epoch_kd AFTER DELETE ON student_skills BEGIN
  UPDATE recommend_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO recommend_changes (n, student_id) SELECT n, OLD.student_id FROM recommend_epoch WHERE id = 1;
END;
CREATE TRIGGER recommend_epoch_ai AFTER INSERT ON applications BEGIN
  UPDATE recommend_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO recommend_changes (n, student_id, position_id)
    SELECT n, NEW.student_id, CASE WHEN NEW.status = 'accepted' THEN NEW.position_id END
    FROM recommend_epoch WHERE id = 1;
END;
CREATE TRIGGER recommend_epoch_au AFTER UPDATE OF student_id, position_id, status ON applications BEGIN
  UPDATE recommend_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO recommend_changes (n, student_id, position_id)
    SELECT n, NEW.student_id, CASE WHEN NEW.status = 'accepted' THEN NEW.position_id END
    FROM recommend_epoch WHERE id = 1;
  INSERT INTO recommend_changes (n, student_id, position_id)
    SELECT n, OLD.student_id, CASE WHEN OLD.status = 'accepted' THEN OLD.position_id END
    FROM recommend_epoch WHERE id = 1;
END;
CREATE TRIGGER recommend_epoch_ad AFTER DELETE ON applications BEGIN
  UPDATE recommend_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO recommend_changes (n, student_id, position_id)
    SELECT n, OLD.student_id, CASE WHEN OLD.status = 'accepted' THEN OLD.position_id END
    FROM recommend_epoch WHERE id = 1;
END;
CREATE TRIGGER recommend_epoch_ci AFTER INSERT ON dict_certificates BEGIN
  UPDATE recommend_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO recommend_changes (n) SELECT n FROM recommend_epoch WHERE id = 1;
END;
CREATE TRIGGER recommend_epoch_cu AFTER UPDATE ON dict_certificates BEGIN
  UPDATE recommend_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO recommend_changes (n) SELECT n FROM recommend_epoch WHERE id = 1;
END;
CREATE TRIGGER recommend_epoch_cd AFTER DELETE ON dict_certificates BEGIN
  UPDATE recommend_epoch SET n = n + 1 WHERE id = 1;
  INSERT INTO recommend_changes (n) SELECT n FROM recommend_epoch WHERE id = 1;
END;
