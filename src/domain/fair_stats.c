/* A fair's figures; see fair_stats.h. */
#include "domain/fair_stats.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "domain/fair_internal.h"

/* Each table: its name and its SQL over the fair (one '?'). */
static const struct {
	const char *name, *sql;
} tables[] = {
    {"hours",
     "SELECT ((entered_at + 28800) / 3600) % 24 AS hour, COUNT(*) AS entered FROM fair_students"
     " WHERE fair_id = ? AND entered_at IS NOT NULL GROUP BY ((entered_at + 28800) / 3600) % 24"
     " ORDER BY 1"},
    {"industry",
     "SELECT COALESCE(sec.name, '其他') AS industry, COUNT(*) AS enterprises,"
     " CAST(SUM((SELECT COUNT(*) FROM fair_positions fp WHERE fp.fair_id = fe.fair_id AND"
     "  fp.enterprise_id = fe.enterprise_id)) AS BIGINT) AS positions,"
     " CAST(SUM((SELECT COUNT(*) FROM fair_tickets t WHERE t.fair_id = fe.fair_id AND"
     "  t.enterprise_id = fe.enterprise_id)) AS BIGINT) AS resumes,"
     " CAST(SUM((SELECT COUNT(*) FROM fair_intents i WHERE i.fair_id = fe.fair_id AND"
     "  i.enterprise_id = fe.enterprise_id)) AS BIGINT) AS intents"
     " FROM fair_enterprises fe JOIN organizations o ON o.id = fe.enterprise_id"
     " LEFT JOIN dict_industries ind ON ind.code = o.industry_code"
     " LEFT JOIN dict_industries sec ON sec.code = (CASE WHEN ind.level = 'section' THEN"
     " ind.code ELSE ind.parent END) WHERE fe.fair_id = ? AND fe.status = 'approved'"
     " GROUP BY COALESCE(sec.name, '其他') ORDER BY 2 DESC, 1"},
    {"college",
     "SELECT col.name AS college, COUNT(*) AS registered, SUM(CASE WHEN fs.entered_at IS NOT"
     " NULL THEN 1 ELSE 0 END) AS entered, CAST(SUM((SELECT COUNT(*) FROM fair_intents i WHERE"
     " i.fair_id = fs.fair_id AND i.student_id = fs.student_id)) AS BIGINT) AS intents"
     " FROM fair_students fs JOIN students s ON s.id = fs.student_id JOIN organizations col ON"
     " col.id = s.college_id WHERE fs.fair_id = ? GROUP BY col.name ORDER BY 3 DESC, 1"},
    {"major",
     "SELECT COALESCE(m.name, '未填') AS major, COUNT(*) AS registered, SUM(CASE WHEN"
     " fs.entered_at IS NOT NULL THEN 1 ELSE 0 END) AS entered, CAST(SUM((SELECT COUNT(*) FROM"
     " fair_intents i WHERE i.fair_id = fs.fair_id AND i.student_id = fs.student_id)) AS BIGINT) "
     "AS intents"
     " FROM fair_students fs JOIN students s ON s.id = fs.student_id LEFT JOIN dict_majors m ON"
     " m.code = s.major_code WHERE fs.fair_id = ? GROUP BY COALESCE(m.name, '未填')"
     " ORDER BY 3 DESC, 1 LIMIT 200"},
    {"booths",
     "SELECT b.booth_no, o.name AS enterprise, SUM(CASE WHEN t.status = 'waiting' THEN 1 ELSE 0"
     " END) AS waiting, SUM(CASE WHEN t.status = 'seen' THEN 1 ELSE 0 END) AS seen,"
     " SUM(CASE WHEN t.status = 'no_show' THEN 1 ELSE 0 END) AS no_show,"
     " CAST(COALESCE(AVG(CASE WHEN t.called_at IS NOT NULL THEN t.called_at - t.taken_at END),"
     " 0) / 60 AS BIGINT) AS avg_wait_minutes, (SELECT COUNT(*) FROM fair_intents i WHERE "
     "i.fair_id ="
     " b.fair_id AND i.enterprise_id = b.enterprise_id) AS intents"
     " FROM fair_booths b JOIN organizations o ON o.id = b.enterprise_id LEFT JOIN fair_tickets"
     " t ON t.fair_id = b.fair_id AND t.enterprise_id = b.enterprise_id WHERE b.fair_id = ?"
     " GROUP BY b.fair_id, b.booth_no, b.enterprise_id, o.name ORDER BY 3 DESC, 1"},
};
#define NTABLES (sizeof(tables) / sizeof(tables[0]))

/* The figures: each a count over the fair (one '?'). */
static const struct {
	const char *name, *sql;
} figures[] = {
    {"enterprises", "SELECT COUNT(*) FROM fair_enterprises WHERE fair_id = ? AND status ="
                    " 'approved'"},
    {"enterprises_at_booths", "SELECT COUNT(*) FROM fair_booths WHERE fair_id = ? AND"
                              " enterprise_id IS NOT NULL"},
    /* Present: at a booth and has called at least one student. */
    {"enterprises_present", "SELECT COUNT(*) FROM fair_enterprises fe JOIN fair_booths b ON"
                            " b.fair_id = fe.fair_id AND b.enterprise_id = fe.enterprise_id"
                            " WHERE fe.fair_id = ? AND fe.present_at IS NOT NULL"},
    {"positions", "SELECT COUNT(*) FROM fair_positions fp JOIN fair_enterprises fe ON"
                  " fe.fair_id = fp.fair_id AND fe.enterprise_id = fp.enterprise_id WHERE"
                  " fp.fair_id = ? AND fe.status = 'approved'"},
    {"headcount", "SELECT COALESCE(SUM(p.headcount), 0) FROM fair_positions fp JOIN"
                  " fair_enterprises fe ON fe.fair_id = fp.fair_id AND fe.enterprise_id ="
                  " fp.enterprise_id JOIN positions p ON p.id = fp.position_id WHERE"
                  " fp.fair_id = ? AND fe.status = 'approved'"},
    {"registered", "SELECT COUNT(*) FROM fair_students WHERE fair_id = ?"},
    {"entered", "SELECT COUNT(*) FROM fair_students WHERE fair_id = ? AND entered_at IS NOT"
                " NULL"},
    {"left", "SELECT COUNT(*) FROM fair_students WHERE fair_id = ? AND left_at IS NOT NULL"},
    {"walk_ins", "SELECT COUNT(*) FROM fair_students WHERE fair_id = ? AND walk_in = 1"},
    {"resumes", "SELECT COUNT(*) FROM fair_tickets WHERE fair_id = ?"},
    {"waiting", "SELECT COUNT(*) FROM fair_tickets WHERE fair_id = ? AND status = 'waiting'"},
    {"seen", "SELECT COUNT(*) FROM fair_tickets WHERE fair_id = ? AND status = 'seen'"},
    {"no_show", "SELECT COUNT(*) FROM fair_tickets WHERE fair_id = ? AND status = 'no_show'"},
    {"avg_wait_seconds", "SELECT CAST(COALESCE(AVG(called_at - taken_at), 0) AS BIGINT) FROM"
                         " fair_tickets WHERE fair_id = ? AND called_at IS NOT NULL"},
    {"interviews_scheduled", "SELECT COUNT(*) FROM fair_interviews WHERE fair_id = ? AND"
                             " status IN ('scheduled', 'confirmed', 'done')"},
    {"interviews_held", "SELECT COUNT(*) FROM fair_interviews WHERE fair_id = ? AND status ="
                        " 'done'"},
    {"intents", "SELECT COUNT(*) FROM fair_intents WHERE fair_id = ?"},
};
#define NFIGURES (sizeof(figures) / sizeof(figures[0]))

static const char *refusal = "只有主办方可以查看招聘会统计";

static long long figure(const json_t *k, const char *name)
{
	return (long long)json_integer_value(json_object_get(k, name));
}

/* Adds the figures and the tables to out. */
static int add_figures(struct store *db, const struct fair *f, json_t *out, struct derr *e)
{
	int64_t id = f->id;
	json_t *k = json_object();
	json_object_set_new(out, "figures", k);
	for (size_t i = 0; i < NFIGURES; i++) {
		int64_t n = 0;
		if (store_int64(db, &n, figures[i].sql, "i", id) != STORE_ROW)
			return derr_store(e, db, "fair stats");
		json_object_set_new(k, figures[i].name, json_integer(n));
	}
	/* Inside: entered and not scanned out, while the fair runs. */
	json_object_set_new(k, "inside", json_integer(fair_inside(f, k)));
	for (size_t i = 0; i < NTABLES; i++) {
		json_t *rows = store_rows(db, tables[i].sql, "i", id);
		if (!rows)
			return derr_store(e, db, "fair stats table");
		json_object_set_new(out, tables[i].name, rows);
	}
	return 0;
}

int fair_stats(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e)
{
	struct fair f;
	char summary[640];
	*out = NULL;
	if (fair_load_for(db, a, id, refusal, &f, e))
		return -1;
	json_t *s = json_pack("{s:I, s:s, s:s}", "fair_id", (json_int_t)id, "status", f.status,
	                      "name", f.name);
	if (!s)
		return derr_internal(e, "fair stats: out of memory");
	if (add_figures(db, &f, s, e)) {
		json_decref(s);
		return -1;
	}
	json_t *k = json_object_get(s, "figures");
	snprintf(summary, sizeof(summary),
	         "%s：%lld 家企业参会，提供 %lld 个岗位（需求 %lld 人），%lld 名学生入场，"
	         "收到简历 %lld 份，达成签约意向 %lld 个",
	         f.name, figure(k, "enterprises"), figure(k, "positions"), figure(k, "headcount"),
	         figure(k, "entered"), figure(k, "resumes"), figure(k, "intents"));
	json_object_set_new(s, "summary", json_string(summary));
	json_object_set_new(s, "generated_at", json_integer(now_seconds()));
	*out = s;
	return 0;
}

int fair_stats_table(struct store *db, const struct actor *a, int64_t id, const char *table,
                     fair_rows_fn write, void *arg, struct derr *e)
{
	struct fair f;
	size_t i = 0;
	while (i < NTABLES && (!table || strcmp(tables[i].name, table)))
		i++;
	if (i == NTABLES)
		return derr_set(e, DERR_INVALID, "table",
		                "table 应为 hours、industry、college、major 或 booths");
	if (fair_load_for(db, a, id, refusal, &f, e))
		return -1;
	return fair_export_rows(db, store_query(db, tables[i].sql, "i", id), write, arg,
	                        "fair stats export", e);
}
