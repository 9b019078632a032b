-- The in-memory position search (src/domain/search_index.h) now also keeps each open
-- position's page item rendered: every column a page shows, its enterprise's name, its
-- city's name, its majors and skills with their names.  search_epoch counts their changes
-- too: any update of a position, an enterprise renamed, a position's skills, the city,
-- major and skill dictionaries.
DROP TRIGGER search_epoch_pu;
CREATE TRIGGER search_epoch_pu AFTER UPDATE ON positions BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
DROP TRIGGER search_epoch_ou;
CREATE TRIGGER search_epoch_ou AFTER UPDATE OF name, industry_code, in_zone ON organizations BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_epoch_si AFTER INSERT ON position_skills BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_epoch_su AFTER UPDATE ON position_skills BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_epoch_sd AFTER DELETE ON position_skills BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_epoch_ci AFTER INSERT ON dict_cities BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_epoch_cu AFTER UPDATE ON dict_cities BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_epoch_cd AFTER DELETE ON dict_cities BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_epoch_dmi AFTER INSERT ON dict_majors BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_epoch_dmu AFTER UPDATE ON dict_majors BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_epoch_dmd AFTER DELETE ON dict_majors BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_epoch_dsi AFTER INSERT ON dict_skills BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_epoch_dsu AFTER UPDATE ON dict_skills BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_epoch_dsd AFTER DELETE ON dict_skills BEGIN
  UPDATE search_epoch SET n = n + 1 WHERE id = 1;
END;
