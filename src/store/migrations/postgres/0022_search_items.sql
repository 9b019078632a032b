-- The in-memory position search (src/domain/search_index.h) now also keeps each open
-- position's page item rendered: every column a page shows, its enterprise's name, its
-- city's name, its majors and skills with their names.  search_epoch counts their changes
-- too: any update of a position, an enterprise renamed, a position's skills, the city,
-- major and skill dictionaries.
DROP TRIGGER search_epoch_positions ON positions;
CREATE TRIGGER search_epoch_positions AFTER INSERT OR DELETE OR UPDATE ON positions
FOR EACH STATEMENT EXECUTE FUNCTION search_epoch_bump();
DROP TRIGGER search_epoch_orgs ON organizations;
CREATE TRIGGER search_epoch_orgs AFTER UPDATE OF name, industry_code, in_zone ON organizations
FOR EACH STATEMENT EXECUTE FUNCTION search_epoch_bump();
CREATE TRIGGER search_epoch_skills AFTER INSERT OR UPDATE OR DELETE ON position_skills
FOR EACH STATEMENT EXECUTE FUNCTION search_epoch_bump();
CREATE TRIGGER search_epoch_cities AFTER INSERT OR UPDATE OR DELETE ON dict_cities
FOR EACH STATEMENT EXECUTE FUNCTION search_epoch_bump();
CREATE TRIGGER search_epoch_dict_majors AFTER INSERT OR UPDATE OR DELETE ON dict_majors
FOR EACH STATEMENT EXECUTE FUNCTION search_epoch_bump();
CREATE TRIGGER search_epoch_dict_skills AFTER INSERT OR UPDATE OR DELETE ON dict_skills
FOR EACH STATEMENT EXECUTE FUNCTION search_epoch_bump();
