-- The in-memory position search (src/domain/search_index.h) serves from a copy of the open
-- positions; search_epoch counts the committed changes of what that copy holds (a position's
-- text, state, kind, city, salary or enterprise, its majors, its enterprise's industry or
-- zone, the industry dictionary).  Every search reads the count (one row by key) and
-- rebuilds the copy when it moved: writes by this server, another instance or a CLI
-- (`skyway demo`, imports) are all seen by the next search after their commit.
CREATE TABLE search_epoch (id INTEGER PRIMARY KEY CHECK (id = 1), n BIGINT NOT NULL);
INSERT INTO search_epoch (id, n) VALUES (1, 1);
CREATE TRIGGER search_epoch_pi AFTER INSERT ON positions BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_epoch_pu AFTER UPDATE OF status, kind, city_code, salary_max,
  enterprise_id, search_text ON positions BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_epoch_pd AFTER DELETE ON positions BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_epoch_mi AFTER INSERT ON position_majors BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_epoch_mu AFTER UPDATE ON position_majors BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_epoch_md AFTER DELETE ON position_majors BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_epoch_ou AFTER UPDATE OF industry_code, in_zone ON organizations BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_epoch_ii AFTER INSERT ON dict_industries BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_epoch_iu AFTER UPDATE ON dict_industries BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_epoch_id AFTER DELETE ON dict_industries BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
