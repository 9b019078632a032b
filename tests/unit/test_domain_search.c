/* Position search (issue 14): what a query means (terms, synonyms from
 * data/search_synonyms.tsv) and how search_rank orders texts; the one way
 * search texts are made and kept current (position_text) over a real
 * SQLite database: a dictionary rename and an emptied text (migration 0013)
 * rebuilt at start-up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/dict.h"
#include "domain/position_text.h"
#include "domain/search_rank.h"
#include "store/migrate.h"

/* A search text as position_text makes it. */
static char *text_of(char *buf, size_t n, const char *title, const char *ent, const char *names,
                     const char *desc)
{
	snprintf(buf, n, "%s\n%s\n清远市\n%s\n%s", title, ent, names, desc);
	return buf;
}

static int score(const char *q, const char *title, const char *ent, const char *names,
                 const char *desc)
{
	struct search_query sq;
	struct search_hit hit;
	char buf[512];
	search_query_parse(q, &sq);
	return search_rank(text_of(buf, sizeof(buf), title, ent, names, desc), &sq, &hit)
	           ? hit.score
	           : -1;
}

static void test_parse(void **state)
{
	struct search_query sq;
	(void)state;
	assert_int_equal(search_query_parse("  机电 \t助理  ", &sq), 2);
	assert_string_equal(sq.term[0].alt[0], "机电");
	assert_int_equal(sq.term[0].nalt, 1);
	assert_int_equal(search_query_parse("焊工", &sq), 1);
	assert_true(sq.term[0].nalt > 2);
	int has = 0;
	for (int i = 0; i < sq.term[0].nalt; i++)
		has |= !strcmp(sq.term[0].alt[i], "焊接");
	assert_true(has);
	/* English finds the group too, ASCII case ignored */
	assert_int_equal(search_query_parse("WELDING", &sq), 1);
	assert_true(sq.term[0].nalt > 2);
	assert_int_equal(search_query_parse("a b c d e f g h", &sq), SEARCH_MAX_TERMS);
	assert_int_equal(search_query_parse("   ", &sq), 0);
}

static void test_whole_word(void **state)
{
	(void)state;
	const char *none = "", *d = "负责设备维护";
	/* 电工 is a word of 维修电工 but not of 风力发电工程操作员 */
	assert_true(score("电工", "维修电工", "企业", none, d) >
	            score("电工", "风力发电工程操作员", "企业", none, d));
	/* ... and a whole skill beats a title match inside a word */
	assert_true(score("电工", "设备巡检员", "企业", "电工\t", d) >
	            score("电工", "风力发电工程操作员", "企业", none, d));
	/* 机电 助理: 机电一体化助理 before 飞机电子设备维修助理 */
	assert_true(score("机电 助理", "机电一体化助理", "企业", none, d) >
	            score("机电 助理", "飞机电子设备维修助理", "企业", none, d));
	/* a job word cuts a title even before another one: 工程师|助理 */
	assert_true(score("工程师", "供用电工程师助理", "企业", none, d) >
	            score("电工", "供用电工程师助理", "企业", none, d));
}

static void test_fields_and_synonyms(void **state)
{
	(void)state;
	const char *none = "";
	int title = score("鸿运", "鸿运主管", "某某有限公司", none, "协助");
	int ent = score("鸿运", "主管", "清远鸿运实业", none, "协助");
	int desc = score("鸿运", "主管", "某某有限公司", none, "协助鸿运项目");
	assert_true(title > ent && ent > desc && desc > 0);
	int skill = score("财务分析", "专员", "公司", "财务分析\t", "负责");
	int sdesc = score("财务分析", "专员", "公司", none, "负责财务分析报表");
	assert_true(skill > sdesc);
	/* a synonym is found, ranked below any literal hit */
	int literal = score("焊工", "仓库主管", "公司", none, "兼做焊工");
	int synonym = score("焊工", "焊接技术员", "公司", none, "负责");
	assert_true(synonym > 0 && literal > synonym);
	/* every term must be found; ASCII case is ignored */
	assert_int_equal(score("焊接 会计", "焊接技术员", "公司", none, "负责"), -1);
	assert_true(score("plc", "调试员", "公司", "PLC编程\t", "负责") > 0);
	struct search_query sq;
	struct search_hit hit;
	char buf[256];
	search_query_parse("焊工", &sq);
	assert_true(
	    search_rank(text_of(buf, sizeof(buf), "焊接技术员", "公司", "", "x"), &sq, &hit));
	assert_true(hit.synonym_only);
	assert_int_equal(hit.fields, SEARCH_TITLE);
}

static struct store *db;

static void test_text_kept_current(void **state)
{
	char err[256] = "";
	int64_t ent = 0, pos = 0;
	(void)state;
	store_pool_init("sqlite::memory:");
	db = store_thread();
	assert_non_null(db);
	assert_true(migrate_run(db, err, sizeof(err)) > 0);
	assert_true(dict_sync(db, err, sizeof(err)) > 0);
	assert_int_equal(store_int64(db, &ent,
	                             "INSERT INTO organizations (kind, name, status, created_at,"
	                             " updated_at) VALUES ('enterprise', '清远汇美服饰有限公司',"
	                             " 'active', 0, 0) RETURNING id",
	                             ""),
	                 STORE_ROW);
	assert_int_equal(
	    store_int64(db, &pos,
	                "INSERT INTO positions (enterprise_id, title, kind, headcount,"
	                " city_code, description, status, created_at, updated_at)"
	                " VALUES (?, '设备调试员', '全职', 1, '440100', '负责调试', 'open',"
	                " 0, 0) RETURNING id",
	                "i", ent),
	    STORE_ROW);
	assert_int_equal(store_run(db,
	                           "INSERT INTO position_skills (position_id, skill_id, required)"
	                           " VALUES (?, 'plc', 1)",
	                           "i", pos),
	                 STORE_OK);
	/* a new row's empty text is made at start-up, the one way */
	assert_int_equal(position_text_startup(db, 0, err, sizeof(err)), 1);
	json_t *row = store_row(db, "SELECT search_text FROM positions WHERE id = ?", "i", pos);
	assert_string_equal(json_string_value(json_object_get(row, "search_text")),
	                    "设备调试员\n清远汇美服饰有限公司\n广州市\nPLC编程\t\n负责调试");
	json_decref(row);
	/* nothing changed: nothing rewritten */
	assert_int_equal(position_text_startup(db, 1, err, sizeof(err)), 0);
	/* a renamed skill (a dictionary reload) reaches the position */
	assert_int_equal(
	    store_run(db, "UPDATE dict_skills SET name = 'PLC可编程控制' WHERE id = 'plc'", ""),
	    STORE_OK);
	assert_int_equal(position_text_startup(db, 1, err, sizeof(err)), 1);
	int64_t n = 0;
	assert_int_equal(store_int64(db, &n,
	                             "SELECT COUNT(*) FROM positions_fts WHERE positions_fts MATCH"
	                             " '\"PLC可编程\"'",
	                             ""),
	                 STORE_ROW);
	assert_int_equal(n, 1);
	/* an enterprise renamed */
	assert_int_equal(
	    store_run(db, "UPDATE organizations SET name = '清远瑞丰实业' WHERE id = ?", "i", ent),
	    STORE_OK);
	assert_int_equal(position_text_refresh(db, POSITION_TEXT_ENTERPRISE, ent), 1);
	assert_int_equal(store_int64(db, &n,
	                             "SELECT COUNT(*) FROM positions WHERE search_text LIKE"
	                             " '%瑞丰%'",
	                             ""),
	                 STORE_ROW);
	assert_int_equal(n, 1);
	store_pool_close();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_whole_word),
	    cmocka_unit_test(test_fields_and_synonyms),
	    cmocka_unit_test(test_text_kept_current),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
