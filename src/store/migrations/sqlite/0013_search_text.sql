-- Search text is made one way for every position (src/domain/position_text.h):
-- title, enterprise, city, skills and majors, description, one field a line.
-- Texts written before (the demo's held only title, major and description)
-- are emptied here; the start-up step after the migrations (cli_open_db ->
-- position_text_startup) rebuilds every empty text in one transaction.
UPDATE positions SET search_text = '';
