/* The cooperation and internship demo data; see demo_coop.h. */
#include "domain/demo_coop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/filestore.h"
#include "base/util.h"
#include "base/vec.h"
#include "domain/account.h"
#include "domain/coop_classes.h"
#include "domain/coop_files.h"
#include "domain/coop_listings.h"
#include "domain/coop_talks.h"
#include "domain/intern_rules.h"

#define NUM(buf, v) (snprintf(buf, sizeof(buf), "%lld", (long long)(v)), buf)

struct org {
	int64_t id, staff; /* staff: a college's staff account (the instructor) */
	char name[160], city[8];
};

/* What every part reads. */
struct ctx {
	struct store *db;
	uint64_t rng;
	double scale;
	int64_t now, admin;
	int32_t today;
	struct org col[11];
	int ncol;
	VEC(struct org) ent;
	int64_t hr_demo, student_demo;
	int cohort; /* the graduation year of this year's final-year students */
	struct demo_counts *c;
};

static uint64_t rnd(struct ctx *x, uint64_t n)
{
	return n ? demo_next(&x->rng) % n : 0;
}

static int scaled(const struct ctx *x, int full, int least)
{
	int n = (int)(full * x->scale + 0.5);
	return n < least ? least : n;
}

/* Epoch seconds of day d at hh:mm Beijing time. */
static int64_t at(int32_t d, int hh, int mm)
{
	return (int64_t)d * 86400 - DATE_BEIJING + hh * 3600 + mm * 60;
}

static void text_day(int32_t d, char out[DATE_TEXT])
{
	date_format(d, out);
}

static int load(struct ctx *x)
{
	struct store_stmt *st = store_query(x->db,
	                                    "SELECT o.id, o.name, COALESCE(o.city_code, '441800'),"
	                                    " COALESCE((SELECT MIN(a.id) FROM accounts a WHERE"
	                                    " a.org_id = o.id AND a.role = 'college'), 0) FROM"
	                                    " organizations o WHERE o.kind = 'college' AND"
	                                    " o.is_demo = 1 ORDER BY o.id LIMIT 11",
	                                    "");
	while (st && store_step(st) == STORE_ROW) {
		struct org *o = &x->col[x->ncol++];
		o->id = store_column_int64(st, 0);
		snprintf(o->name, sizeof(o->name), "%s", store_column_text(st, 1));
		snprintf(o->city, sizeof(o->city), "%s", store_column_text(st, 2));
		o->staff = store_column_int64(st, 3);
	}
	store_finalize(st);
	st = store_query(x->db,
	                 "SELECT id, name, COALESCE(city_code, '441800') FROM organizations WHERE"
	                 " kind = 'enterprise' AND status = 'active' AND is_demo = 1 ORDER BY id"
	                 " LIMIT 80",
	                 "");
	while (st && store_step(st) == STORE_ROW) {
		struct org o = {.id = store_column_int64(st, 0)};
		snprintf(o.name, sizeof(o.name), "%s", store_column_text(st, 1));
		snprintf(o.city, sizeof(o.city), "%s", store_column_text(st, 2));
		if (VEC_PUSH(&x->ent, o))
			break;
	}
	store_finalize(st);
	if (x->ncol < 4 || x->ent.n < 12 ||
	    store_int64(x->db, &x->admin, "SELECT id FROM accounts WHERE login = 'admin'", "") !=
	        STORE_ROW ||
	    store_int64(x->db, &x->hr_demo, "SELECT id FROM accounts WHERE login = 'hr_demo'",
	                "") != STORE_ROW ||
	    store_int64(x->db, &x->student_demo,
	                "SELECT s.id FROM students s JOIN accounts a ON a.id = s.account_id WHERE"
	                " a.login = 'student_demo'",
	                "") != STORE_ROW)
		return -1;
	int y, m, d;
	date_to_ymd(x->today, &y, &m, &d);
	x->cohort = m >= 9 ? y + 1 : y;
	if (x->cohort < 2026)
		x->cohort = 2026; /* the demo's students graduate 2025-2028 */
	if (x->cohort > 2028)
		x->cohort = 2028;
	return 0;
}

/* ---- needs and offers ---- */

/* A need or an offer of the demo. */
struct listing_seed {
	const char *kind, *title, *description, *majors;
	int quantity;
};

static const struct listing_seed needs[] = {
    {"talent", "招聘机电一体化技术员", "负责自动化产线设备维护与点检，两班倒不安排学生夜班",
     "[\"4603\"]", 30},
    {"talent", "招聘电子商务运营专员", "负责店铺运营、直播带货数据分析", "[\"5307\"]", 12},
    {"tech", "注塑件缩痕缺陷分析", "高分子材料注塑件表面缩痕，需要工艺优化方案", "[\"4702\"]", 0},
    {"tech", "产线视觉检测算法优化", "焊点缺陷识别准确率需提升到 99%", "[\"5101\"]", 0},
    {"training", "一线班组长管理培训", "每年 2 期，每期 40 人", "[]", 40},
    {"equipment", "共享五轴加工中心", "设备空闲时段可对院校开放实训", "[\"4601\"]", 0},
    {"order_class", "新能源汽车检测订单班", "每年 40 人，毕业后直接入职", "[\"5002\"]", 40},
    {"talent", "招聘食品检验检测员", "负责原料及成品的理化检验", "[\"4901\"]", 8},
};
static const struct listing_seed offers[] = {
    {"graduates", "机电一体化技术专业应届毕业生", "每年毕业生约 120 人，可开展订单培养",
     "[\"460301\"]", 120},
    {"lab", "工业机器人实训中心", "6 台六轴机器人工作站，可承接企业员工培训", "[\"4603\"]", 0},
    {"expertise", "高分子材料改性技术服务", "材料学院教授团队，可承接横向课题", "[\"4702\"]", 0},
    {"service", "企业员工学历提升与技能培训", "开设夜校和周末班", "[]", 200},
    {"graduates", "电子商务专业毕业生", "每年约 80 人，熟悉直播运营", "[\"530701\"]", 80},
    {"graduates", "汽车检测与维修技术专业毕业生", "每年约 60 人", "[\"500211\"]", 60},
    {"lab", "食品检测实训室", "理化与微生物检测设备齐全", "[\"4901\"]", 0},
    {"expertise", "机器视觉与嵌入式系统教师团队", "可合作研发检测设备", "[\"5101\"]", 0},
};

static int gen_listings(struct ctx *x)
{
	int n = scaled(x, 24, 8), m = scaled(x, 16, 8);
	for (int i = 0; i < n + m; i++) {
		int need = i < n;
		const struct listing_seed *l = need ? &needs[i % 8] : &offers[(i - n) % 8];
		const struct org *o = need ? &x->ent.v[i % x->ent.n] : &x->col[(i - n) % x->ncol];
		int64_t id = 0;
		struct derr e = {0};
		if (store_int64(
		        x->db, &id,
		        "INSERT INTO coop_listings (side, org_id, kind, title, description,"
		        " majors, city_code, quantity, is_demo, created_by, created_at,"
		        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id",
		        "titttttIiii", need ? "need" : "offer", o->id, l->kind, l->title,
		        l->description, l->majors, o->city, (int64_t)l->quantity, x->admin,
		        x->now - (int64_t)rnd(x, 60) * 86400, x->now) != STORE_ROW ||
		    coop_listing_index(x->db, id, &e))
			return -1;
		x->c->coop_listings++;
	}
	return 0;
}

/* ---- 双走进 visits ---- */

static const char *const visit_titles[][2] = {
    {"企业高管进校园：产业发展与人才需求宣讲", "院校走进企业：参观智能制造车间"},
    {"企业技术骨干进课堂", "专业教师企业实践调研"},
    {"共建实训基地现场洽谈", "学生参观企业研发中心"},
};
static const char *const followups[] = {"提交实训基地共建方案", "确定订单班招生人数",
                                        "安排学生参观日程",     "起草产学研合作协议",
                                        "推荐兼职教师人选",     "整理岗位需求清单"};

static int visit_people(struct ctx *x, int64_t visit, int done)
{
	char name[32];
	for (int k = 0; k < 4; k++) {
		demo_person_name(&x->rng, name, sizeof(name));
		const char *side = k < 2 ? "enterprise" : "college";
		const char *title = k == 0   ? "人力资源总监"
		                    : k == 1 ? "生产经理"
		                    : k == 2 ? "二级学院院长"
		                             : "专业带头人";
		if (store_run(x->db,
		              "INSERT INTO coop_visit_people (visit_id, side, name, title, planned,"
		              " registered_at, checked_in_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
		              "itttiI", visit, side, name, title, x->now - 30 * 86400,
		              done ? x->now - 86400 : 0) != STORE_OK)
			return -1;
	}
	return 0;
}

static int gen_visits(struct ctx *x)
{
	int n = scaled(x, 36, 32);
	int32_t first = date_week_start(x->today) - 12 * 7;
	for (int i = 0; i < n; i++) {
		const struct org *e = &x->ent.v[i % (x->ent.n < 18 ? x->ent.n : 18)];
		const struct org *col = &x->col[(i * 7) % x->ncol];
		int to_college = i % 2 == 0;
		int32_t d = first + i * 3;
		if (date_weekday(d) > 5)
			d -= date_weekday(d) - 5;
		int64_t starts = at(d, 9, 30), ends = starts + 3 * 3600, id = 0;
		int past = ends < x->now, cancelled = i == 7;
		const char *status = cancelled ? "cancelled" : past ? "done" : "planned";
		char minutes[600];
		snprintf(minutes, sizeof(minutes),
		         "%s与%s座谈。双方介绍了%s的人才需求与%s的专业设置，商定共建实训基地、"
		         "安排学生岗位实习，并明确了下一步的跟进事项。",
		         e->name, col->name, e->name, col->name);
		if (store_int64(
		        x->db, &id,
		        "INSERT INTO coop_visits (direction, enterprise_id, college_id, title,"
		        " purpose, place, starts_at, ends_at, capacity, status, minutes,"
		        " minutes_by, minutes_at, cancel_reason, created_by, is_demo,"
		        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 30, ?, ?, ?,"
		        " ?, ?, ?, 1, ?, ?) RETURNING id",
		        "tiitttiitt"
		        "IItiii",
		        to_college ? "to_college" : "to_enterprise", e->id, col->id,
		        visit_titles[i % 3][to_college ? 0 : 1], "交流人才需求，商谈校企合作",
		        to_college ? col->name : e->name, starts, ends, status,
		        past && !cancelled ? minutes : NULL, past && !cancelled ? x->admin : 0,
		        past && !cancelled ? ends : 0,
		        cancelled ? "企业临时接待上级检查，改期另约" : NULL, x->admin,
		        starts - 14 * 86400, x->now) != STORE_ROW ||
		    visit_people(x, id, past && !cancelled))
			return -1;
		x->c->coop_visits++;
		for (int k = 0; past && !cancelled && k < 1 + i % 2; k++) {
			char due[DATE_TEXT];
			int32_t due_day = date_today(ends, DATE_BEIJING) + 10 + 7 * k;
			int done = due_day < x->today && rnd(x, 3) > 0;
			char who[32];
			demo_person_name(&x->rng, who, sizeof(who));
			text_day(due_day, due);
			if (store_run(
			        x->db,
			        "INSERT INTO coop_followups (visit_id, title, owner_org_id,"
			        " owner_name, due_on, status, note, done_at, done_by, created_by,"
			        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			        "itittttIIii", id, followups[(i + k) % 6], k ? col->id : e->id, who,
			        due, done ? "done" : "open", done ? "已完成" : NULL,
			        done ? at(due_day, 17, 0) : 0, done ? x->admin : 0, x->admin,
			        ends) != STORE_OK)
				return -1;
		}
	}
	return 0;
}

/* ---- 供需对接会 ---- */

/* A meeting with nent enterprises and ncol colleges, their wishes, and
 * its timetable from the solver; held talks get outcomes. */
static int gen_meeting(struct ctx *x, const char *name, int32_t d, const char *status, int nent,
                       int ncol, int held)
{
	struct coop_meeting m = {
	    .starts_at = at(d, 9, 0), .ends_at = at(d, 12, 0), .slot_minutes = 20};
	struct derr e = {0};
	json_t *plan = NULL;
	if (store_int64(
	        x->db, &m.id,
	        "INSERT INTO coop_meetings (name, venue, description, starts_at, ends_at,"
	        " slot_minutes, status, created_by, is_demo, created_at, updated_at) VALUES"
	        " (?, '清远市人才服务中心 一楼大厅', '院校与企业一对一洽谈，现场登记合作意向',"
	        " ?, ?, 20, ?, ?, 1, ?, ?) RETURNING id",
	        "tiitiii", name, m.starts_at, m.ends_at, status, x->admin, m.starts_at - 30 * 86400,
	        x->now) != STORE_ROW)
		return -1;
	for (int i = 0; i < nent + ncol; i++) {
		int ent = i < nent;
		int64_t org = ent ? x->ent.v[i].id : x->col[i - nent].id;
		if (store_run(x->db,
		              "INSERT INTO coop_meeting_parties (meeting_id, org_id, kind, tables,"
		              " joined_at) VALUES (?, ?, ?, ?, ?)",
		              "iitii", m.id, org, ent ? "enterprise" : "college",
		              (int64_t)(ent ? 1 + i % 2 : 1), m.starts_at - 20 * 86400) != STORE_OK)
			return -1;
		/* Each wishes three or four of the other side. */
		for (int k = 0; k < 3 + i % 2; k++) {
			int64_t to =
			    ent ? x->col[(i + k * 2) % ncol].id : x->ent.v[(i + k * 3) % nent].id;
			if (store_run(
			        x->db,
			        "INSERT INTO coop_meeting_wishes (meeting_id, from_org, to_org,"
			        " priority, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO"
			        " NOTHING",
			        "iiiii", m.id, org, to, (int64_t)(k + 1),
			        m.starts_at - 10 * 86400) != STORE_OK)
				return -1;
		}
	}
	if (coop_talks_plan(x->db, &m, &plan, &e))
		return -1;
	x->c->coop_talks += json_integer_value(json_object_get(plan, "placed"));
	json_decref(plan);
	x->c->coop_meetings++;
	if (!held)
		return 0;
	static const char *const interest[] = {"high", "medium", "high", "low", "none"};
	static const char *const next_step[] = {"两周内到校签订订单班协议", "安排学生到企业参观",
	                                        "交换岗位需求清单", "暂无后续"};
	return store_run(
	           x->db,
	           "UPDATE coop_talks SET status = 'held', enterprise_interest = CASE id % 5"
	           " WHEN 0 THEN ? WHEN 1 THEN ? WHEN 2 THEN ? WHEN 3 THEN ? ELSE ? END,"
	           " college_interest = CASE id % 3 WHEN 0 THEN 'high' WHEN 1 THEN 'medium'"
	           " ELSE 'low' END, next_step = CASE id % 4 WHEN 0 THEN ? WHEN 1 THEN ? WHEN 2"
	           " THEN ? ELSE ? END, outcome_at = ?, outcome_by = ? WHERE meeting_id = ? AND"
	           " status = 'scheduled'",
	           "ttttttttt"
	           "iii",
	           interest[0], interest[1], interest[2], interest[3], interest[4], next_step[0],
	           next_step[1], next_step[2], next_step[3], m.ends_at, x->admin, m.id) == STORE_OK
	           ? 0
	           : -1;
}

/* ---- agreements ---- */

static const char *const agreement_kinds[] = {"base", "research", "internship_base"};
static const char *const agreement_titles[] = {"校企合作实训基地共建协议", "产学研合作协议",
                                               "学生岗位实习基地协议"};

/* A small PDF, the same for every demo agreement (stored once). */
static const char demo_pdf[] =
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]"
    "/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    "trailer<</Root 1 0 R>>\n%%EOF\n";

static int agreement(struct ctx *x, const char *kind, const char *title, const struct org *e,
                     const struct org *col, int32_t starts, int32_t ends, const char *status,
                     int64_t *id)
{
	char s[DATE_TEXT], t[DATE_TEXT], signed_on[DATE_TEXT], today[DATE_TEXT];
	text_day(starts, s);
	text_day(ends, t);
	text_day(starts - 7 < x->today ? starts - 7 : x->today, signed_on);
	text_day(x->today, today);
	int terminated = !strcmp(status, "terminated");
	if (store_int64(x->db, id,
	                "INSERT INTO coop_agreements (kind, title, enterprise_id, college_id,"
	                " starts_on, ends_on, summary, obligations, status, signed_on,"
	                " terminated_on, terminate_reason, created_by, is_demo, created_at,"
	                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)"
	                " RETURNING id",
	                "ttiitttttttt"
	                "iii",
	                kind, title, e->id, col->id, s, t, "双方发挥各自优势，共建共享，协同育人",
	                "[{\"party\":\"enterprise\",\"text\":\"提供实训设备和岗位，选派技术骨干兼任"
	                "实习指导\"},{\"party\":\"college\",\"text\":\"每年安排学生岗位实习，为企业"
	                "员工提供培训\"}]",
	                status, strcmp(status, "draft") ? signed_on : NULL,
	                terminated ? today : NULL, terminated ? "企业经营调整，双方协商终止" : NULL,
	                x->admin, x->now, x->now) != STORE_ROW)
		return -1;
	x->c->coop_agreements++;
	/* Two milestones: one due a month after the start (done, or overdue),
	 * one to come. */
	for (int k = 0; k < 2; k++) {
		char due[DATE_TEXT];
		int32_t d = k ? x->today + 20 + (int32_t)rnd(x, 60) : starts + 30;
		int done = !k && rnd(x, 4) > 0;
		text_day(d, due);
		if (store_run(
		        x->db,
		        "INSERT INTO coop_milestones (agreement_id, title, due_on, owner_org_id,"
		        " status, done_at, done_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		        "ittitIIi", *id, k ? "年度合作成效总结" : "实训设备到位并完成验收", due,
		        k ? col->id : e->id, done ? "done" : "open", done ? at(d, 16, 0) : 0,
		        done ? x->admin : 0, x->now) != STORE_OK)
			return -1;
	}
	if (!strcmp(status, "draft") || !filestore_dir())
		return 0;
	struct actor admin = {.id = x->admin, .role = ROLE_OPERATOR};
	struct derr err = {0};
	int64_t file = 0;
	return coop_file_save(x->db, &admin, COOP_FILE_SCAN, "agreement", *id, demo_pdf,
	                      sizeof(demo_pdf) - 1, &file, &err) ||
	               store_run(x->db, "UPDATE coop_agreements SET scan_file_id = ? WHERE id = ?",
	                         "ii", file, *id) != STORE_OK
	           ? -1
	           : 0;
}

static int gen_agreements(struct ctx *x)
{
	int n = scaled(x, 30, 24);
	for (int i = 0; i < n; i++) {
		const struct org *e = &x->ent.v[(i * 5) % (x->ent.n < 30 ? x->ent.n : 30)];
		const struct org *col = &x->col[i % x->ncol];
		int32_t starts = x->today - 60 - (int32_t)rnd(x, 640),
		        ends = starts + 365 * (2 + i % 2);
		const char *status = "signed";
		if (i < 5) { /* expiring within 60 days */
			ends = x->today + 10 + 10 * i;
			x->c->coop_expiring++;
		} else if (i < 7) { /* expired */
			ends = x->today - 5 - 20 * i;
			starts = ends - 730;
		} else if (i < 9) {
			status = "draft";
			starts = x->today + 30;
			ends = starts + 1095;
		} else if (i == 9) {
			status = "terminated";
		}
		char title[200];
		snprintf(title, sizeof(title), "%s·%s%s", e->name, col->name,
		         agreement_titles[i % 3]);
		int64_t id;
		if (agreement(x, agreement_kinds[i % 3], title, e, col, starts, ends, status, &id))
			return -1;
	}
	return 0;
}

/* ---- order classes ---- */

/* Class k of enterprise e and college col for cohort: the college's most
 * common class of majors that year, up to size students; finished ones
 * get applications at the enterprise (some accepted, some offered) and
 * their outcomes. */
static int order_class(struct ctx *x, int k, const struct org *e, const struct org *col, int cohort,
                       int size, int finished)
{
	json_t *top =
	    store_row(x->db,
	              "SELECT substr(major_code, 1, 4) AS cls, COUNT(*) AS n FROM students"
	              " WHERE college_id = ? AND grad_year = ? AND major_code IS NOT NULL"
	              " GROUP BY substr(major_code, 1, 4) ORDER BY COUNT(*) DESC,"
	              " substr(major_code, 1, 4) LIMIT 1",
	              "ii", col->id, (int64_t)cohort);
	if (!json_is_object(top)) {
		json_decref(top);
		return top ? 0 : -1; /* no students that year: no class */
	}
	char cls[8], like[8], name[200], ag_title[200];
	snprintf(cls, sizeof(cls), "%s", coop_str(top, "cls"));
	snprintf(like, sizeof(like), "%.4s%%", cls);
	json_decref(top);
	snprintf(ag_title, sizeof(ag_title), "%s订单班合作协议", e->name);
	int64_t ag = 0, id = 0, pos = 0;
	if (agreement(x, "order_class", ag_title, e, col, x->today - 400, x->today + 700, "signed",
	              &ag))
		return -1;
	snprintf(name, sizeof(name), "%.60s%d届订单班", e->name, cohort);
	if (store_int64(
	        x->db, &id,
	        "INSERT INTO coop_order_classes (agreement_id, enterprise_id, college_id,"
	        " name, major_code, cohort, size, positions_reserved, subsidy_yuan, status,"
	        " finished_at, created_by, is_demo, created_at, updated_at) VALUES (?, ?, ?,"
	        " ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
	        "iiittiiiitIiii", ag, e->id, col->id, name, cls, (int64_t)cohort, (int64_t)size,
	        (int64_t)(size * 3 / 4), (int64_t)(2000 + 1000 * k),
	        finished ? "finished" : "running", finished ? x->now - 90 * 86400 : 0, x->admin,
	        x->now, x->now) != STORE_ROW ||
	    store_run(
	        x->db,
	        "INSERT INTO coop_order_class_students (class_id, student_id, joined_at) SELECT"
	        " ?, s.id, ? FROM students s WHERE s.college_id = ? AND s.grad_year = ? AND"
	        " s.major_code LIKE ? AND s.closed_at IS NULL AND NOT EXISTS (SELECT 1 FROM"
	        " coop_order_class_students x WHERE x.student_id = s.id) ORDER BY s.id LIMIT ?",
	        "iiiiti", id, x->now - 300 * 86400, col->id, (int64_t)cohort, like,
	        (int64_t)size) != STORE_OK)
		return -1;
	x->c->coop_classes++;
	if (!finished)
		return 0;
	/* The recruitment side: two in five accepted an offer, one in five holds one. */
	if (store_int64(x->db, &pos, "SELECT MIN(id) FROM positions WHERE enterprise_id = ?", "i",
	                e->id) != STORE_ROW)
		return -1;
	struct derr err = {0};
	return pos && (store_run(x->db,
	                         "INSERT INTO applications (student_id, position_id, enterprise_id,"
	                         " status, is_demo, created_at, updated_at) SELECT x.student_id, ?,"
	                         " ?, CASE x.student_id % 5 WHEN 0 THEN 'accepted' WHEN 1 THEN"
	                         " 'accepted' WHEN 2 THEN 'offered' ELSE 'rejected' END, 1, ?, ?"
	                         " FROM coop_order_class_students x WHERE x.class_id = ? ON"
	                         " CONFLICT (student_id, position_id) DO UPDATE SET status ="
	                         " excluded.status",
	                         "iiiii", pos, e->id, x->now - 120 * 86400, x->now - 100 * 86400,
	                         id) != STORE_OK ||
	               coop_class_outcomes(x->db, id, &err))
	           ? -1
	           : 0;
}

static int gen_classes(struct ctx *x)
{
	return order_class(x, 0, &x->ent.v[0], &x->col[0], x->cohort, 40, 0) ||
	       order_class(x, 1, &x->ent.v[1], &x->col[2], x->cohort, 30, 0) ||
	       order_class(x, 2, &x->ent.v[2], &x->col[3], x->cohort - 1, 35, 1);
}

/* ---- internships ---- */

struct post {
	int64_t id, ent, staff, wage, mentor, count;
	int host;
	char cat[3], title[64], city[8];
};
struct host {
	int64_t id, staff_total, count, mentor;
	char name[160];
};
struct interns {
	VEC(struct post) posts;
	VEC(struct host) hosts;
	struct store_bulk *placements, *logs;
	int64_t next_id;
	int night_post; /* index of the night-shift post (refusals only) */
};

/* Post titles by major category (the first two digits). */
static const char *post_title(const char *cat)
{
	static const char *const titles[][2] = {
	    {"46", "设备维护技术员"}, {"51", "电子装配与测试员"}, {"53", "电商运营助理"},
	    {"52", "健康管理助理"},   {"54", "平面设计助理"},     {"44", "施工员助理"},
	    {"47", "材料检测员"},     {"49", "食品检验员"},       {"50", "汽车检测技术员"},
	    {"43", "环境监测员"},     {"55", "文创设计助理"},
	};
	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
		if (!strcmp(titles[i][0], cat))
			return titles[i][1];
	return "岗位实习生";
}

static const char *const cats[] = {"46", "51", "53", "52", "54", "44",
                                   "47", "49", "50", "43", "55"};

static int gen_hosts(struct ctx *x, struct interns *in)
{
	int nhosts = scaled(x, 60, 12);
	if (nhosts > (int)x->ent.n)
		nhosts = (int)x->ent.n;
	for (int h = 0; h < nhosts; h++) {
		struct host H = {.id = x->ent.v[h].id, .staff_total = 400 + (int64_t)rnd(x, 1600)};
		snprintf(H.name, sizeof(H.name), "%s", x->ent.v[h].name);
		char login[32], name[48];
		if (h == 0) {
			H.mentor = x->hr_demo; /* hr_demo reviews the logs of the demo */
		} else {
			demo_person_name(&x->rng, name, sizeof(name));
			strcat(name, "师傅");
			snprintf(login, sizeof(login), "mentor%03d", h);
			if (account_insert(x->db, login, NULL, "enterprise", name, H.id, NULL, 1,
			                   &H.mentor) != STORE_OK)
				return -1;
		}
		if (store_run(
		        x->db,
		        "INSERT INTO intern_employers (enterprise_id, staff_total, updated_by,"
		        " updated_at) VALUES (?, ?, ?, ?)",
		        "iiii", H.id, H.staff_total, x->admin, x->now) != STORE_OK ||
		    VEC_PUSH(&in->hosts, H))
			return -1;
		for (int k = 0; k < 3 + (h == 1); k++) {
			struct post P = {.ent = H.id,
			                 .host = h,
			                 .mentor = H.mentor,
			                 .staff = 40 + (int64_t)rnd(x, 120),
			                 .wage = 4200 + (int64_t)rnd(x, 20) * 100};
			snprintf(P.cat, sizeof(P.cat), "%s",
			         h == 0 && k == 0 ? "46" : cats[(h * 3 + k) % 11]);
			snprintf(P.title, sizeof(P.title), "%s",
			         k == 3 ? "夜班包装工" : post_title(P.cat));
			snprintf(P.city, sizeof(P.city), "%s", x->ent.v[h].city);
			char majors[16];
			snprintf(majors, sizeof(majors), "[\"%s\"]", P.cat);
			if (store_int64(
			        x->db, &P.id,
			        "INSERT INTO intern_posts (enterprise_id, title, city_code, staff,"
			        " probation_wage, majors, night_shift, description, created_by,"
			        " is_demo, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
			        "?,"
			        " 1, ?, ?) RETURNING id",
			        "ittiitit"
			        "iii",
			        P.ent, P.title, P.city, P.staff, P.wage, majors, (int64_t)(k == 3),
			        "在带教师傅指导下参与岗位实际工作", x->admin, x->now - 120 * 86400,
			        x->now) != STORE_ROW ||
			    VEC_PUSH(&in->posts, P))
				return -1;
			if (k == 3)
				in->night_post = (int)in->posts.n - 1;
		}
	}
	return 0;
}

/* A post of category cat with room for one more (10% and 20% kept), or -1. */
static int find_post(struct interns *in, const char *cat, size_t *cursor)
{
	for (size_t tried = 0; tried < in->posts.n; tried++) {
		size_t i = (*cursor + tried) % in->posts.n;
		struct post *p = &in->posts.v[i];
		struct host *h = &in->hosts.v[p->host];
		if ((int)i == in->night_post || strcmp(p->cat, cat) ||
		    (p->count + 1) * 5 > p->staff || (h->count + 1) * 10 > h->staff_total)
			continue;
		*cursor = i + 1;
		return (int)i;
	}
	return -1;
}

/* The pay a placement on p offers: 85% of the probation wage, rounded up
 * to 50 yuan, and never below the city's minimum wage. */
static int64_t pay_for(const struct post *p)
{
	int64_t pay = (p->wage * 85 / 100 + 49) / 50 * 50, min = 0;
	if (!intern_min_wage(p->city, &min, NULL) && pay < min)
		pay = min;
	return pay;
}

static const char *const log_done[] = {
    "跟随带教师傅完成设备日常点检，填写点检记录表。", "参与产线换型调试，协助更换夹具和校准。",
    "整理本周工单数据，学习使用 MES 系统查询生产进度。", "参加安全生产培训，完成岗位操作规程考核。",
    "独立完成两台设备的保养作业，师傅复核合格。"};
static const char *const log_learned[] = {
    "掌握了点检的要点和常见异常的判断方法。", "理解了换型流程中各工序的衔接和质量控制点。",
    "学会了用数据分析生产瓶颈，认识到记录准确的重要性。", "熟悉了岗位安全红线和应急处置流程。",
    "能够独立完成保养作业，动手能力明显提高。"};

/* One placement: its row and its weekly logs. */
struct placing {
	int64_t student, college, instructor;
	int post, cohort; /* 0: started 12 weeks ago; 1: near its end; 2: ended */
	int demo;         /* student_demo's */
};

static int place(struct ctx *x, struct interns *in, const struct placing *pl)
{
	struct post *p = &in->posts.v[pl->post];
	int32_t monday = date_week_start(x->today);
	int32_t starts = pl->cohort == 0   ? monday - 12 * 7
	                 : pl->cohort == 1 ? monday - 22 * 7
	                                   : monday - 45 * 7;
	int32_t ends = pl->cohort == 0   ? date_add_months(starts, 5) - 1
	               : pl->cohort == 1 ? starts + 25 * 7 - 1
	                                 : starts + 20 * 7 - 1;
	char s[DATE_TEXT], t[DATE_TEXT], signed_on[DATE_TEXT], idb[24], sb[24], cb[24], eb[24],
	    pb[24], payb[24], ib[24], mb[24], stb[24], tb[24], hb[4];
	text_day(starts, s);
	text_day(ends, t);
	text_day(starts - 5, signed_on);
	int64_t id = in->next_id++;
	int ended = pl->cohort == 2, hired = ended && rnd(x, 10) < 4;
	const char *row[] = {NUM(idb, id),
	                     NUM(sb, pl->student),
	                     NUM(cb, pl->college),
	                     NUM(eb, p->ent),
	                     NUM(pb, p->id),
	                     s,
	                     t,
	                     NUM(payb, pay_for(p)),
	                     NUM(ib, pl->instructor),
	                     NUM(mb, p->mentor),
	                     signed_on,
	                     ended ? "ended" : "active",
	                     NUM(stb, at(starts - 3, 10, 0)),
	                     ended ? t : NULL,
	                     ended ? "completed" : NULL,
	                     ended ? NUM(hb, hired) : NULL,
	                     NUM(tb, x->now),
	                     tb,
	                     "1"};
	if (store_bulk_add(in->placements, row))
		return -1;
	if (!ended) {
		p->count++;
		in->hosts.v[p->host].count++;
	}
	/* The logs of every week before this one (ended: every week). */
	int32_t last = ended ? date_week_start(ends) : monday - 7;
	int week = 0;
	for (int32_t w = date_week_start(starts); w <= last; w += 7, week++) {
		int r = (int)rnd(x, 100);
		const char *status = ended || r < 82 ? "confirmed"
		                     : r < 88        ? "submitted"
		                     : r < 91        ? "returned"
		                                     : NULL;
		if (pl->demo)
			status = w == last ? "submitted" : week == 3 ? "returned" : "confirmed";
		if (!status)
			continue; /* missing: overdue */
		char wb[DATE_TEXT], sub[24], rev[24], who[24], days[4];
		text_day(w, wb);
		int returned = !strcmp(status, "returned"), waiting = !strcmp(status, "submitted");
		const char *lrow[] = {
		    NUM(idb, id),
		    wb,
		    log_done[(week + (int)(id % 5)) % 5],
		    log_learned[(week + (int)(id % 3)) % 5],
		    NUM(days, 5 - (r % 7 == 0)),
		    status,
		    returned ? "内容过于简单，请写清楚本周具体完成的工作和遇到的问题" : NULL,
		    NUM(sub, at(w + 6, 20, 0)),
		    waiting ? NULL : NUM(rev, at(w + 8, 9, 0)),
		    waiting ? NULL : NUM(who, p->mentor)};
		if (store_bulk_add(in->logs, lrow))
			return -1;
		x->c->intern_logs++;
	}
	if (!ended)
		x->c->interns++;
	return 0;
}

/* The college's staff account (the instructor) of college id. */
static int64_t instructor_of(const struct ctx *x, int64_t college)
{
	for (int i = 0; i < x->ncol; i++)
		if (x->col[i].id == college)
			return x->col[i].staff;
	return 0;
}

/* Places students of graduation year `year` (by id, skipping some) into
 * cohorts from..to until each has its target; refused ones after. */
static int stream(struct ctx *x, struct interns *in, int year, const int *target, int from, int to,
                  size_t *cursor, int *done)
{
	struct store_stmt *st = store_query(x->db,
	                                    "SELECT id, college_id, major_code FROM students WHERE"
	                                    " grad_year = ? AND closed_at IS NULL AND major_code IS"
	                                    " NOT NULL AND id <> ? ORDER BY id",
	                                    "ii", (int64_t)year, x->student_demo);
	int cohort = from, rc = 0;
	while (st && cohort <= to && store_step(st) == STORE_ROW) {
		if (rnd(x, 3) ==
		    0) /* not every final-year student is placed through the platform */
			continue;
		char cat[3];
		snprintf(cat, sizeof(cat), "%.2s", store_column_text(st, 2));
		int post = find_post(in, cat, cursor);
		if (post < 0)
			continue;
		struct placing pl = {.student = store_column_int64(st, 0),
		                     .college = store_column_int64(st, 1),
		                     .post = post,
		                     .cohort = cohort};
		pl.instructor = instructor_of(x, pl.college);
		if (!pl.instructor)
			continue;
		if ((rc = place(x, in, &pl)))
			break;
		if (++done[cohort] >= target[cohort])
			cohort++;
	}
	store_finalize(st);
	return st ? rc : -1;
}

/* Refused placements: terms that break one rule each, the rules' own words. */
static int gen_refused(struct ctx *x, struct interns *in, int n)
{
	struct store_stmt *st =
	    store_query(x->db,
	                "SELECT s.id, s.college_id, s.major_code FROM students s"
	                " WHERE s.grad_year = ? AND s.closed_at IS NULL AND NOT"
	                " EXISTS (SELECT 1 FROM internships i WHERE i.student_id ="
	                " s.id) ORDER BY s.id DESC LIMIT ?",
	                "ii", (int64_t)x->cohort, (int64_t)n);
	int32_t starts = date_week_start(x->today) + 14;
	int k = 0, rc = 0;
	while (st && !rc && store_step(st) == STORE_ROW) {
		int variant = k++ % 6;
		const char *major = store_column_text(st, 2);
		/* A post of the student's field, so that each breaks its one rule. */
		size_t pi = (size_t)k % in->posts.n;
		for (size_t j = 0; variant != 2 && major && j < in->posts.n; j++)
			if ((int)j != in->night_post && !strncmp(in->posts.v[j].cat, major, 2))
				pi = j;
		struct post *p = &in->posts.v[variant == 2 ? (size_t)in->night_post : pi];
		int64_t sid = store_column_int64(st, 0), col = store_column_int64(st, 1), id = 0;
		const char *majors[] = {p->cat};
		struct intern_case c = {.age_known = 1,
		                        .age = 19,
		                        .student_major = major,
		                        .starts_on = starts,
		                        .ends_on = starts + 120,
		                        .has_agreement = variant != 1,
		                        .agreement_on = starts - 3,
		                        .monthly_pay = variant == 0 ? p->wage * 7 / 10 : pay_for(p),
		                        .probation_wage = p->wage,
		                        .pay_cycle = variant == 3 ? "quarterly" : "monthly",
		                        .pay_to = "student",
		                        .fees_charged = variant == 5 ? 500 : 0,
		                        .has_instructor = 1,
		                        .has_mentor = 1,
		                        .staff_total = in->hosts.v[p->host].staff_total,
		                        .interns_enterprise = in->hosts.v[p->host].count,
		                        .post_staff = p->staff,
		                        .interns_post = p->count,
		                        .post_majors = majors,
		                        .n_post_majors = 1,
		                        .night_shift = variant == 2};
		if (variant == 4)
			c.ends_on = date_add_months(starts, 7);
		intern_min_wage(p->city, &c.min_wage, NULL);
		struct intern_violation v[INTERN_RULES_MAX];
		int nv = intern_rules_check(&c, v, INTERN_RULES_MAX);
		char s[DATE_TEXT], t[DATE_TEXT], a[DATE_TEXT];
		text_day(c.starts_on, s);
		text_day(c.ends_on, t);
		text_day(c.agreement_on, a);
		if (!nv)
			continue;
		rc = store_int64(
		         x->db, &id,
		         "INSERT INTO internships (id, student_id, college_id, enterprise_id,"
		         " post_id, starts_on, ends_on, monthly_pay, pay_cycle, fees_charged,"
		         " instructor_id, mentor_id, agreement_signed_on, status, created_by,"
		         " is_demo, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		         " ?, ?, ?, 'refused', ?, 1, ?, ?) RETURNING id",
		         "iiiiittitiiit"
		         "iii",
		         in->next_id++, sid, col, p->ent, p->id, s, t, c.monthly_pay, c.pay_cycle,
		         c.fees_charged, instructor_of(x, col), p->mentor,
		         c.has_agreement ? a : NULL, x->admin, x->now, x->now) != STORE_ROW;
		for (int i = 0; !rc && i < nv && i < INTERN_RULES_MAX; i++)
			rc = store_run(
			         x->db,
			         "INSERT INTO intern_refusals (internship_id, rule, field, message,"
			         " actor_id, at) VALUES (?, ?, ?, ?, ?, ?)",
			         "itttii", id, v[i].rule, v[i].field, v[i].message,
			         instructor_of(x, col), x->now - 86400) != STORE_OK;
		x->c->intern_refused++;
	}
	store_finalize(st);
	return st ? rc : -1;
}

/* Evaluations, instructor visits and incidents over what was placed. */
static int gen_tracking(struct ctx *x)
{
	int32_t monday = date_week_start(x->today);
	char mid[DATE_TEXT], visit[DATE_TEXT];
	text_day(monday - 12 * 7, mid); /* cohort 1 started 22 weeks ago: past its middle */
	text_day(x->today - 14, visit);
	if (store_run(
	        x->db,
	        "INSERT INTO intern_evaluations (internship_id, stage, by_role, score, comment,"
	        " created_by, created_at) SELECT i.id, CASE WHEN i.status = 'ended' THEN"
	        " 'final' ELSE 'mid' END, r.role, 70 + i.id % 28, CASE WHEN r.role = 'mentor'"
	        " THEN '工作认真，操作规范，能按要求完成任务' ELSE '周志填写认真，实习目标基本"
	        "达成' END, CASE WHEN r.role = 'mentor' THEN i.mentor_id ELSE i.instructor_id"
	        " END, ? FROM internships i CROSS JOIN (SELECT 'mentor' AS role UNION ALL SELECT"
	        " 'instructor') r WHERE i.is_demo = 1 AND (i.status = 'ended' OR (i.status ="
	        " 'active' AND i.starts_on < ?)) AND i.id % 7 <> 3",
	        "it", x->now - 20 * 86400, mid) != STORE_OK ||
	    store_run(
	        x->db,
	        "INSERT INTO intern_visits (internship_id, visited_on, mode, notes, created_by,"
	        " created_at) SELECT id, ?, CASE WHEN id % 3 = 0 THEN 'online' ELSE 'onsite'"
	        " END, '走访实习单位，与带教师傅交流学生表现，学生适应良好', instructor_id, ?"
	        " FROM internships WHERE is_demo = 1 AND status = 'active' AND id % 20 < 7",
	        "ti", visit, x->now - 14 * 86400) != STORE_OK)
		return -1;
	/* A dozen incidents, half of them closed. */
	static const char *const kinds[] = {"injury", "dispute", "safety", "other"};
	static const char *const what[] = {
	    "搬运物料时手指轻微擦伤，已在厂医务室包扎", "对加班安排有异议，学生向指导教师反映",
	    "车间地面油污导致学生滑倒，未受伤", "学生因家中有事请假三天，返岗时间待定"};
	struct store_stmt *st =
	    store_query(x->db,
	                "SELECT id FROM internships WHERE is_demo = 1 AND status"
	                " = 'active' ORDER BY id LIMIT ?",
	                "i", (int64_t)scaled(x, 12, 4) * 37);
	int k = 0, rc = 0;
	while (st && !rc && store_step(st) == STORE_ROW) {
		if (k++ % 37)
			continue;
		int i = k / 37, closed = i % 2;
		char on[DATE_TEXT], due[DATE_TEXT];
		text_day(x->today - 20 + i, on);
		text_day(x->today - 20 + i + 14, due);
		rc =
		    store_run(
		        x->db,
		        "INSERT INTO intern_incidents (internship_id, kind, occurred_on,"
		        " description, followup, followup_due, status, resolution, reported_by,"
		        " reported_at, closed_by, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		        " ?, ?)",
		        "ittttttti"
		        "iII",
		        store_column_int64(st, 0), kinds[i % 4], on, what[i % 4],
		        "指导教师与企业共同跟进，确认整改措施落实", due, closed ? "closed" : "open",
		        closed ? "已整改，双方确认" : NULL, x->admin, x->now - (20 - i) * 86400,
		        closed ? x->admin : 0, closed ? x->now - 86400 : 0) != STORE_OK;
	}
	store_finalize(st);
	return st ? rc : -1;
}

static int gen_interns(struct ctx *x)
{
	struct interns in = {0};
	size_t cursor = 0;
	int rc = -1, done[3] = {0};
	const int target[3] = {scaled(x, 1050, 25), scaled(x, 150, 6), scaled(x, 60, 4)};
	if (gen_hosts(x, &in) ||
	    store_int64(x->db, &in.next_id, "SELECT COALESCE(MAX(id), 0) + 1 FROM internships",
	                "") != STORE_ROW)
		goto out;
	in.placements = store_bulk_new(
	    x->db,
	    "INSERT INTO internships (id, student_id, college_id, enterprise_id, post_id,"
	    " starts_on, ends_on, monthly_pay, instructor_id, mentor_id, agreement_signed_on,"
	    " status, started_at, ended_on, end_reason, hired, created_at, updated_at, is_demo)",
	    19);
	in.logs =
	    store_bulk_new(x->db,
	                   "INSERT INTO intern_logs (internship_id, week_start, done, learned,"
	                   " days_present, status, comment, submitted_at, reviewed_at,"
	                   " reviewed_by)",
	                   10);
	if (!in.placements || !in.logs)
		goto out;
	store_bulk_parent(in.logs, in.placements);
	/* student_demo first, at hr_demo's enterprise, on its post of category 46. */
	json_t *me =
	    store_row(x->db, "SELECT college_id FROM students WHERE id = ?", "i", x->student_demo);
	struct placing demo = {.student = x->student_demo,
	                       .college = json_integer_value(json_object_get(me, "college_id")),
	                       .post = 0,
	                       .demo = 1};
	json_decref(me);
	demo.instructor = instructor_of(x, demo.college);
	if (place(x, &in, &demo))
		goto out;
	done[0]++;
	snprintf(x->c->student_intern, sizeof(x->c->student_intern), "%.120s · %.60s",
	         in.hosts.v[0].name, in.posts.v[0].title);
	if (stream(x, &in, x->cohort, target, 0, 1, &cursor, done) ||
	    stream(x, &in, x->cohort - 1, target, 2, 2, &cursor, done))
		goto out;
	rc = 0;
out:;
	int logs = in.logs ? store_bulk_finish(in.logs) : STORE_OK;
	int placements = in.placements ? store_bulk_finish(in.placements) : STORE_OK;
	if (rc || logs != STORE_OK || placements != STORE_OK ||
	    gen_refused(x, &in, scaled(x, 30, 8)) || store_sync_ids(x->db, "internships") ||
	    gen_tracking(x))
		rc = -1;
	VEC_FREE(&in.posts);
	VEC_FREE(&in.hosts);
	return rc;
}

int demo_coop_fill(struct store *db, uint64_t seed, double scale, int64_t now,
                   struct demo_counts *c)
{
	struct ctx x = {.db = db,
	                .rng = seed ^ 0xc0095eed12345ULL,
	                .scale = scale,
	                .now = now,
	                .today = date_today(now, DATE_BEIJING),
	                .c = c};
	int32_t monday = date_week_start(x.today);
	int rc =
	    load(&x) || gen_listings(&x) || gen_visits(&x) ||
	            gen_meeting(&x, "秋季校企人才供需对接会", monday - 5 * 7 + 2, "finished", 8, 6,
	                        1) ||
	            gen_meeting(&x, "冬季校企人才供需对接会", x.today + 9, "closed", 10, 8, 0) ||
	            gen_agreements(&x) || gen_classes(&x) || gen_interns(&x)
	        ? -1
	        : 0;
	VEC_FREE(&x.ent);
	return rc;
}
