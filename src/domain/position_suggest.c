/*
 * Suggestions while typing in the search box (position_search.h): open
 * positions' titles, enterprises with open positions, and skills whose
 * name or alias holds what was typed, ASCII case ignored.  A prefix match
 * comes before a match inside; then the most used.
 */
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "domain/position_search.h"

int position_suggest(struct store *db, const char *q, json_t **out, struct derr *e)
{
	*out = NULL;
	if (!q || !*q || utf8_length(q) > 30)
		return derr_set(e, DERR_INVALID, "q", "请输入 1–30 个字");
	char *like = store_like_contains(q), *prefix = like ? strdup(like + 1) : NULL;
	if (!like || !prefix) {
		free(like);
		free(prefix);
		return derr_internal(e, "suggest: out of memory");
	}
	json_t *titles = store_rows(
	    db,
	    "SELECT p.title AS title, COUNT(*) AS positions FROM positions p WHERE"
	    " p.status = 'open' AND LOWER(p.title) LIKE LOWER(?) ESCAPE '\\' GROUP BY p.title"
	    " ORDER BY CASE WHEN LOWER(p.title) LIKE LOWER(?) ESCAPE '\\' THEN 0 ELSE 1 END,"
	    " COUNT(*) DESC, p.title LIMIT 5",
	    "tt", like, prefix);
	json_t *ents = store_rows(
	    db,
	    "SELECT o.id AS id, o.name AS name, COUNT(*) AS positions FROM organizations o"
	    " JOIN positions p ON p.enterprise_id = o.id AND p.status = 'open'"
	    " WHERE LOWER(o.name) LIKE LOWER(?) ESCAPE '\\' GROUP BY o.id, o.name"
	    " ORDER BY CASE WHEN LOWER(o.name) LIKE LOWER(?) ESCAPE '\\' THEN 0 ELSE 1 END,"
	    " COUNT(*) DESC, o.id LIMIT 5",
	    "tt", like, prefix);
	json_t *skills = store_rows(
	    db,
	    "SELECT s.id AS id, s.name AS name FROM dict_skills s WHERE LOWER(s.name) LIKE"
	    " LOWER(?) ESCAPE '\\' OR LOWER(s.aliases) LIKE LOWER(?) ESCAPE '\\'"
	    " ORDER BY CASE WHEN LOWER(s.name) LIKE LOWER(?) ESCAPE '\\' THEN 0 ELSE 1 END,"
	    " s.id LIMIT 5",
	    "ttt", like, like, prefix);
	free(like);
	free(prefix);
	if (titles && ents && skills)
		*out = json_pack("{s:o, s:o, s:o}", "positions", titles, "enterprises", ents,
		                 "skills", skills);
	else {
		json_decref(titles);
		json_decref(ents);
		json_decref(skills);
	}
	return *out ? 0 : derr_store(e, db, "suggest");
}
