/*
 * A fair's figures, live for the organisers and the venue's big screen
 * (大屏), and as the summary after the fair in the article's terms: "N
 * enterprises, M positions, K students entered".  Every table can be
 * downloaded as .xlsx (?table=hours|industry|college|major|booths).
 *
 * Hours are Beijing time (UTC+8, no daylight saving).
 */
#include <string.h>

#include "api/api_fair.h"
#include "api/export.h"
#include "base/util.h"

#define BJT (8 * 3600)

/* Each table: its SQL (one '?' = the fair, repeated as needed via the
 * types string), its columns for export. */
struct fair_table {
	const char *name, *title, *sql, *types;
	struct export_column cols[8];
};

static const struct fair_table tables[] = {
    {"hours",
     "入场时段",
     "SELECT ((entered_at + 28800) / 3600) % 24 AS hour, COUNT(*) AS entered FROM fair_students"
     " WHERE fair_id = ? AND entered_at IS NOT NULL GROUP BY ((entered_at + 28800) / 3600) % 24"
     " ORDER BY 1",
     "i",
     {{"时段（时）", EXPORT_INT, 10}, {"入场人数", EXPORT_INT, 10}, {NULL, 0, 0}}},
    {"industry",
     "行业",
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
     " GROUP BY COALESCE(sec.name, '其他') ORDER BY 2 DESC, 1",
     "i",
     {{"行业", EXPORT_TEXT, 30},
      {"企业", EXPORT_INT, 8},
      {"岗位", EXPORT_INT, 8},
      {"收到简历", EXPORT_INT, 10},
      {"签约意向", EXPORT_INT, 10},
      {NULL, 0, 0}}},
    {"college",
     "院校",
     "SELECT col.name AS college, COUNT(*) AS registered, SUM(CASE WHEN fs.entered_at IS NOT"
     " NULL THEN 1 ELSE 0 END) AS entered, CAST(SUM((SELECT COUNT(*) FROM fair_intents i WHERE"
     " i.fair_id = fs.fair_id AND i.student_id = fs.student_id)) AS BIGINT) AS intents"
     " FROM fair_students fs JOIN students s ON s.id = fs.student_id JOIN organizations col ON"
     " col.id = s.college_id WHERE fs.fair_id = ? GROUP BY col.name ORDER BY 3 DESC, 1",
     "i",
     {{"院校", EXPORT_TEXT, 30},
      {"报名", EXPORT_INT, 8},
      {"入场", EXPORT_INT, 8},
      {"签约意向", EXPORT_INT, 10},
      {NULL, 0, 0}}},
    {"major",
     "专业",
     "SELECT COALESCE(m.name, '未填') AS major, COUNT(*) AS registered, SUM(CASE WHEN"
     " fs.entered_at IS NOT NULL THEN 1 ELSE 0 END) AS entered, CAST(SUM((SELECT COUNT(*) FROM"
     " fair_intents i WHERE i.fair_id = fs.fair_id AND i.student_id = fs.student_id)) AS BIGINT) "
     "AS intents"
     " FROM fair_students fs JOIN students s ON s.id = fs.student_id LEFT JOIN dict_majors m ON"
     " m.code = s.major_code WHERE fs.fair_id = ? GROUP BY COALESCE(m.name, '未填')"
     " ORDER BY 3 DESC, 1 LIMIT 200",
     "i",
     {{"专业", EXPORT_TEXT, 30},
      {"报名", EXPORT_INT, 8},
      {"入场", EXPORT_INT, 8},
      {"签约意向", EXPORT_INT, 10},
      {NULL, 0, 0}}},
    {"booths",
     "展位",
     "SELECT b.booth_no, o.name AS enterprise, SUM(CASE WHEN t.status = 'waiting' THEN 1 ELSE 0"
     " END) AS waiting, SUM(CASE WHEN t.status = 'seen' THEN 1 ELSE 0 END) AS seen,"
     " SUM(CASE WHEN t.status = 'no_show' THEN 1 ELSE 0 END) AS no_show,"
     " CAST(COALESCE(AVG(CASE WHEN t.called_at IS NOT NULL THEN t.called_at - t.taken_at END),"
     " 0) / 60 AS BIGINT) AS avg_wait_minutes, (SELECT COUNT(*) FROM fair_intents i WHERE "
     "i.fair_id ="
     " b.fair_id AND i.enterprise_id = b.enterprise_id) AS intents"
     " FROM fair_booths b JOIN organizations o ON o.id = b.enterprise_id LEFT JOIN fair_tickets"
     " t ON t.fair_id = b.fair_id AND t.enterprise_id = b.enterprise_id WHERE b.fair_id = ?"
     " GROUP BY b.fair_id, b.booth_no, b.enterprise_id, o.name ORDER BY 3 DESC, 1",
     "i",
     {{"展位号", EXPORT_INT, 8},
      {"企业", EXPORT_TEXT, 36},
      {"排队中", EXPORT_INT, 8},
      {"已面谈", EXPORT_INT, 8},
      {"未到", EXPORT_INT, 8},
      {"平均等待（分钟）", EXPORT_INT, 14},
      {"签约意向", EXPORT_INT, 10},
      {NULL, 0, 0}}},
};
#define NTABLES (sizeof(tables) / sizeof(tables[0]))

static const struct fair_table *table_named(const char *name)
{
	for (size_t i = 0; name && i < NTABLES; i++)
		if (!strcmp(tables[i].name, name))
			return &tables[i];
	return NULL;
}

/* The fair {id} when the caller organises it; NULL (reply set) else. */
static json_t *organised(struct api_ctx *c, int64_t *id)
{
	json_t *f = fair_visible(c, id);
	if (f && !fair_is_organiser(c, f)) {
		json_decref(f);
		api_fail(c, 403, "forbidden", NULL, "只有主办方可以查看招聘会统计");
		return NULL;
	}
	return f;
}

static json_int_t count(struct api_ctx *c, const char *sql, int64_t fair)
{
	int64_t n = 0;
	store_int64(c->db, &n, sql, "i", fair);
	return (json_int_t)n;
}

void api_fairs_stats(struct api_ctx *c)
{
	int64_t id;
	json_t *f = organised(c, &id);
	if (!f)
		return;
	json_t *k = json_object();
#define K(name, sql) json_object_set_new(k, name, json_integer(count(c, sql, id)))
	K("enterprises", "SELECT COUNT(*) FROM fair_enterprises WHERE fair_id = ? AND status ="
	                 " 'approved'");
	K("enterprises_at_booths", "SELECT COUNT(*) FROM fair_booths WHERE fair_id = ? AND"
	                           " enterprise_id IS NOT NULL");
	/* Present: at a booth and has called at least one student. */
	K("enterprises_present", "SELECT COUNT(*) FROM fair_enterprises fe JOIN fair_booths b ON"
	                         " b.fair_id = fe.fair_id AND b.enterprise_id = fe.enterprise_id"
	                         " WHERE fe.fair_id = ? AND fe.present_at IS NOT NULL");
	K("positions", "SELECT COUNT(*) FROM fair_positions fp JOIN fair_enterprises fe ON"
	               " fe.fair_id = fp.fair_id AND fe.enterprise_id = fp.enterprise_id WHERE"
	               " fp.fair_id = ? AND fe.status = 'approved'");
	K("headcount", "SELECT COALESCE(SUM(p.headcount), 0) FROM fair_positions fp JOIN"
	               " fair_enterprises fe ON fe.fair_id = fp.fair_id AND fe.enterprise_id ="
	               " fp.enterprise_id JOIN positions p ON p.id = fp.position_id WHERE"
	               " fp.fair_id = ? AND fe.status = 'approved'");
	K("registered", "SELECT COUNT(*) FROM fair_students WHERE fair_id = ?");
	K("entered", "SELECT COUNT(*) FROM fair_students WHERE fair_id = ? AND entered_at IS NOT"
	             " NULL");
	K("walk_ins", "SELECT COUNT(*) FROM fair_students WHERE fair_id = ? AND walk_in = 1");
	K("resumes", "SELECT COUNT(*) FROM fair_tickets WHERE fair_id = ?");
	K("waiting", "SELECT COUNT(*) FROM fair_tickets WHERE fair_id = ? AND status = 'waiting'");
	K("seen", "SELECT COUNT(*) FROM fair_tickets WHERE fair_id = ? AND status = 'seen'");
	K("no_show", "SELECT COUNT(*) FROM fair_tickets WHERE fair_id = ? AND status = 'no_show'");
	K("avg_wait_seconds",
	  "SELECT CAST(COALESCE(AVG(called_at - taken_at), 0) AS BIGINT) FROM fair_tickets"
	  " WHERE fair_id = ? AND called_at IS NOT NULL");
	K("interviews_scheduled", "SELECT COUNT(*) FROM fair_interviews WHERE fair_id = ? AND"
	                          " status IN ('scheduled', 'confirmed', 'done')");
	K("interviews_held", "SELECT COUNT(*) FROM fair_interviews WHERE fair_id = ? AND status ="
	                     " 'done'");
	K("intents", "SELECT COUNT(*) FROM fair_intents WHERE fair_id = ?");
#undef K
	/* Students inside: everyone who entered (the gate records entries,
	 * not exits), shown as such. */
	json_object_set(k, "inside", json_object_get(k, "entered"));
	json_t *out = json_pack("{s:I, s:s, s:s, s:o}", "fair_id", (json_int_t)id, "status",
	                        fair_status_of(f), "name",
	                        json_string_value(json_object_get(f, "name")), "figures", k);
	for (size_t i = 0; i < NTABLES; i++) {
		json_t *rows = store_rows(c->db, tables[i].sql, tables[i].types, id);
		json_object_set_new(out, tables[i].name, rows ? rows : json_array());
	}
	json_object_set_new(
	    out, "summary",
	    json_string(arena_printf(
	        c->arena,
	        "%s：%lld 家企业参会，提供 %lld 个岗位（需求 %lld 人），%lld 名学生入场，"
	        "收到简历 %lld 份，达成签约意向 %lld 个",
	        json_string_value(json_object_get(f, "name")),
	        (long long)json_integer_value(json_object_get(k, "enterprises")),
	        (long long)json_integer_value(json_object_get(k, "positions")),
	        (long long)json_integer_value(json_object_get(k, "headcount")),
	        (long long)json_integer_value(json_object_get(k, "entered")),
	        (long long)json_integer_value(json_object_get(k, "resumes")),
	        (long long)json_integer_value(json_object_get(k, "intents")))));
	json_object_set_new(out, "generated_at", json_integer(now_seconds()));
	json_decref(f);
	api_reply(c, 200, out);
}

void api_fairs_stats_export(struct api_ctx *c)
{
	int64_t id;
	const struct fair_table *t = table_named(api_query(c, "table"));
	if (!api_failed(c) && !t) {
		api_fail(c, 400, "invalid", "table",
		         "table 应为 hours、industry、college、major 或 booths");
		return;
	}
	json_t *f = api_failed(c) ? NULL : organised(c, &id);
	if (!f)
		return;
	json_decref(f);
	struct store_stmt *st = store_query(c->db, t->sql, t->types, id);
	if (!st ||
	    export_xlsx(c, arena_printf(c->arena, "fair-%s.xlsx", t->name), t->title, t->cols, st))
		api_internal(c, "fair stats export");
	store_finalize(st);
}
