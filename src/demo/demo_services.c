/*
 * Demo data of the zone services (issue 13), written inside demo_fill()'s
 * transaction: five departments with officers (officer_demo heads 行政审批科),
 * 20 service items (among them the article's process cut from 120 to 30
 * working days), a year of cases whose histories follow the rules of
 * service.h on the working-day calendar (about 35% accepted with 容缺,
 * agents on some, clocks in every colour today, pauses, 补正, cases deemed
 * accepted), ratings with a few 差评 at each step of their follow-up,
 * investment projects at every stage, and two policy rounds (one open) with
 * about 120 applicants.  Deterministic for a seed and a day.  Histories are
 * written as events and the clocks computed from them, as the domain does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "base/workdays.h"
#include "demo/demo.h"
#include "domain/policy.h"
#include "domain/servcal.h"
#include "domain/service.h"
#include "domain/service_clock.h"
#include "domain/service_internal.h"

struct item_def {
	const char *code, *name;
	int dep, statutory, committed, weight;
	const char *materials[4];
	int tolerable; /* index of the 容缺-able material, -1 none */
};

static const char *const departments[] = {"行政审批科", "投资促进局", "经济发展局", "科技创新局",
                                          "人社服务中心"};

/* The hall's items: department index, limits in working days, materials. */
static const struct item_def items[] = {
    {"GX-SP-001",
     "建设工程规划许可（承诺制）",
     0,
     120,
     30,
     6,
     {"申请表", "建设工程设计方案", "土地使用证明", "环境影响登记表"},
     3},
    {"GX-SP-002",
     "企业投资项目备案",
     0,
     20,
     3,
     12,
     {"备案申请表", "项目基本情况说明", "营业执照"},
     2},
    {"GX-SP-003", "施工许可证核发", 0, 15, 5, 8, {"申请表", "施工合同", "安全生产承诺书"}, 2},
    {"GX-SP-004",
     "建设项目环境影响评价审批",
     0,
     60,
     20,
     4,
     {"申请表", "环评报告书", "公参说明"},
     2},
    {"GX-SP-005", "排水许可", 0, 20, 5, 4, {"申请表", "排水管网图", "水质检测报告"}, 2},
    {"GX-SP-006", "建设工程竣工验收备案", 0, 15, 5, 6, {"备案表", "竣工验收报告", "质量保修书"}, 2},
    {"GX-SP-007",
     "公共场所卫生许可",
     0,
     20,
     5,
     5,
     {"申请表", "卫生检测报告", "从业人员健康证明"},
     2},
    {"GX-SP-008", "食品经营许可", 0, 20, 5, 7, {"申请表", "经营场所平面图", "食品安全管理制度"}, 2},
    {"GX-TZ-001",
     "外商投资企业设立备案",
     1,
     10,
     3,
     4,
     {"备案表", "投资者主体资格证明", "法定代表人身份证明"},
     2},
    {"GX-TZ-002",
     "重大项目用地预审",
     1,
     20,
     10,
     3,
     {"申请表", "项目可行性研究报告", "用地红线图"},
     1},
    {"GX-JF-001", "工业企业技术改造备案", 2, 15, 5, 6, {"备案表", "技改方案", "设备清单"}, 2},
    {"GX-JF-002", "节能审查", 2, 30, 10, 3, {"申请表", "节能报告", "能耗测算"}, 1},
    {"GX-JF-003",
     "高新技术企业认定推荐",
     2,
     30,
     15,
     3,
     {"申请书", "知识产权证明", "研发费用专项审计"},
     2},
    {"GX-KJ-001", "科技型中小企业评价入库", 3, 15, 5, 5, {"评价表", "研发人员名单", "财务报表"}, 2},
    {"GX-KJ-002", "研发机构认定", 3, 30, 10, 2, {"申请书", "研发场地证明", "研发设备清单"}, 2},
    {"GX-KJ-003", "技术合同认定登记", 3, 10, 3, 4, {"登记表", "技术合同文本"}, 1},
    {"GX-RS-001", "就业见习基地认定", 4, 20, 5, 4, {"申请表", "见习岗位计划", "带教人员名单"}, 2},
    {"GX-RS-002",
     "企业招用高校毕业生社保补贴",
     4,
     20,
     10,
     6,
     {"申请表", "劳动合同", "社保缴费明细"},
     2},
    {"GX-RS-003", "职业技能等级认定备案", 4, 15, 5, 3, {"备案表", "评价方案", "考评人员名单"}, 2},
    {"GX-RS-004", "人力资源服务许可", 4, 20, 5, 3, {"申请表", "场所证明", "管理制度"}, 2},
};
#define NITEMS ((int)(sizeof(items) / sizeof(items[0])))

struct gen {
	struct store *db;
	uint64_t rng;
	struct workcal *cal;
	int32_t today;
	int64_t now;
	int64_t *ents;
	int nents;
	int64_t hr_ent;
	int64_t officers[8];
	int nofficers;
	int64_t dep_ids[5];
	int64_t item_ids[NITEMS];
	int64_t mat_ids[NITEMS][4];
	struct store_bulk *cases, *events, *mats;
	int64_t next_case, next_event;
	struct demo_counts *n;
};

static uint64_t rnd(struct gen *g)
{
	g->rng ^= g->rng >> 12;
	g->rng ^= g->rng << 25;
	g->rng ^= g->rng >> 27;
	return g->rng * 2685821657736338717ull;
}

static int pick(struct gen *g, int n)
{
	return (int)(rnd(g) % (uint64_t)n);
}

static int32_t wd_add(struct gen *g, int32_t d, int n)
{
	return workcal_add(g->cal, d, n, NULL);
}

#define TXT(buf, v) (snprintf(buf, sizeof(buf), "%lld", (long long)(v)), buf)
#define DAY(buf, d) ((d) ? (wd_format((d), buf), buf) : NULL)

/* ---- departments, officers, items ---- */

static int gen_structure(struct gen *g)
{
	static const char *const names[] = {
	    "邓科长（投资促进）", "何主任（经发）", "梁科长（科创）", "罗主任（人社）",
	    "谢科员（审批）",     "冯科员（帮办）", "苏科员（招商）"};
	int64_t demo_officer = 0;
	if (store_int64(g->db, &demo_officer,
	                "SELECT id FROM accounts WHERE login = 'officer_demo'", "") != STORE_ROW)
		return -1;
	g->officers[g->nofficers++] = demo_officer;
	for (int i = 0; i < 7; i++) {
		char login[32];
		int64_t id;
		snprintf(login, sizeof(login), "officer%02d", i + 2);
		if (store_int64(
		        g->db, &id,
		        "INSERT INTO accounts (login, role, display_name, is_demo, created_at)"
		        " VALUES (?, 'officer', ?, 1, ?) RETURNING id",
		        "tti", login, names[i], g->now) != STORE_ROW)
			return -1;
		g->officers[g->nofficers++] = id;
	}
	for (int d = 0; d < 5; d++) {
		char name[64];
		snprintf(name, sizeof(name), "%s（演示）", departments[d]);
		if (store_int64(g->db, &g->dep_ids[d],
		                "INSERT INTO service_departments (name, is_demo, created_at)"
		                " VALUES (?, 1, ?) RETURNING id",
		                "ti", name, g->now) != STORE_ROW)
			return -1;
		/* officer_demo heads 行政审批科; each other department has its head */
		int64_t head = d == 0 ? demo_officer : g->officers[d];
		if (store_run(g->db,
		              "INSERT INTO service_department_members (department_id, account_id, "
		              "is_head)"
		              " VALUES (?, ?, 1)",
		              "ii", g->dep_ids[d], head))
			return -1;
	}
	if (store_run(g->db,
	              "INSERT INTO service_department_members (department_id, account_id, is_head)"
	              " VALUES (?, ?, 0), (?, ?, 0)",
	              "iiii", g->dep_ids[0], g->officers[5], g->dep_ids[0], g->officers[6]))
		return -1;
	for (int i = 0; i < NITEMS; i++) {
		const struct item_def *it = &items[i];
		if (store_int64(
		        g->db, &g->item_ids[i],
		        "INSERT INTO service_items (code, name, department_id, statutory_days,"
		        " committed_days, description, is_demo, created_at, updated_at)"
		        " VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
		        "ttii"
		        "itii",
		        it->code, it->name, g->dep_ids[it->dep], (int64_t)it->statutory,
		        (int64_t)it->committed,
		        i == 0 ? "法定时限 120 个工作日，承诺 30 个工作日办结（承诺制改革）" : "",
		        g->now, g->now) != STORE_ROW)
			return -1;
		for (int m = 0; m < 4 && it->materials[m]; m++)
			if (store_int64(
			        g->db, &g->mat_ids[i][m],
			        "INSERT INTO service_item_materials (item_id, name, required,"
			        " tolerable, position) VALUES (?, ?, 1, ?, ?) RETURNING id",
			        "itii", g->item_ids[i], it->materials[m],
			        (int64_t)(m == it->tolerable), (int64_t)m) != STORE_ROW)
				return -1;
	}
	return 0;
}

/* ---- cases ---- */

struct ev {
	const char *kind;
	int32_t day;
	char detail[200];
};

/* A case's history, planned as a hall would run it. */
struct plan {
	int item;
	int64_t org;
	int32_t received;
	int refuse, correct, deemed, tolerant, pause, late, agent;
	int32_t accept_at; /* forced acceptance day (colours of today), 0: by the plan */
	int finish;        /* 0: leave open */
};

static void push(struct ev *evs, int *n, const char *kind, int32_t day, const char *detail)
{
	evs[*n].kind = kind;
	evs[*n].day = day;
	snprintf(evs[*n].detail, sizeof(evs[*n].detail), "%s", detail ? detail : "{}");
	(*n)++;
}

static int gen_case(struct gen *g, const struct plan *p)
{
	const struct item_def *it = &items[p->item];
	struct ev evs[16];
	int n = 0;
	char d1[11], det[200];
	int64_t officer = g->officers[pick(g, g->nofficers)];
	int64_t agent = p->agent ? g->officers[5] : 0;
	int32_t day = p->received, tolerant_due = 0, tolerant_done = 0, finished = 0,
	        accepted_day = 0;
	const char *status = "received", *outcome = NULL, *pause_kind = NULL;
	push(evs, &n, "created", day, NULL);
	if (agent) {
		snprintf(det, sizeof(det), "{\"agent_id\":%lld}", (long long)agent);
		push(evs, &n, "agent", day, det);
	}
	push(evs, &n, "submitted", day, NULL);
	if (p->refuse) {
		day = wd_add(g, day, 1 + pick(g, 3));
		push(evs, &n, "refused", day, "{\"reasons\":[\"不属于本区审批权限\"]}");
		status = "refused";
		goto done;
	}
	if (p->correct) {
		day = wd_add(g, day, 1 + pick(g, 3));
		snprintf(det, sizeof(det),
		         "{\"points\":[{\"material_id\":%lld,\"text\":\"%s缺少盖章页\"},{\"text\":"
		         "\"请补充联系人电话\"}]}",
		         (long long)g->mat_ids[p->item][0], it->materials[0]);
		push(evs, &n, "correction", day, det);
		status = "correcting";
		int32_t back = wd_add(g, day, 2 + pick(g, 7));
		if (back > g->today)
			goto done;
		day = back;
		push(evs, &n, "resubmitted", day, NULL);
		status = "received";
	}
	int32_t accept = p->accept_at ? p->accept_at
	                 : p->deemed  ? wd_add(g, day, 6 + pick(g, 2))
	                              : wd_add(g, day, pick(g, 3));
	if (accept > g->today)
		goto done;
	int32_t start = accept > wd_add(g, day, CLOCK_DECIDE_DAYS) ? day : accept;
	day = accept;
	if (p->tolerant && it->tolerable >= 0) {
		tolerant_due = wd_add(g, start, it->committed);
		if (tolerant_due < accept)
			tolerant_due = accept;
		snprintf(
		    det, sizeof(det),
		    "{\"tolerant\":true,\"deemed\":%s,\"missing\":[{\"id\":%lld,\"name\":\"%s\"}],"
		    "\"due\":\"%s\"}",
		    start != accept ? "true" : "false",
		    (long long)g->mat_ids[p->item][it->tolerable], it->materials[it->tolerable],
		    DAY(d1, tolerant_due));
	} else {
		snprintf(det, sizeof(det),
		         "{\"tolerant\":false,\"deemed\":%s,\"missing\":[],\"due\":null}",
		         start != accept ? "true" : "false");
	}
	push(evs, &n, "accepted", day, det);
	status = "accepted";
	accepted_day = day;
	if (tolerant_due) {
		int32_t in =
		    wd_add(g, accept, 1 + pick(g, it->committed > 3 ? it->committed - 1 : 2));
		if (in <= g->today && in <= tolerant_due) {
			tolerant_done = in;
			snprintf(det, sizeof(det), "{\"material_id\":%lld,\"how\":\"paper\"}",
			         (long long)g->mat_ids[p->item][it->tolerable]);
			push(evs, &n, "material", in, det);
		}
	}
	/* how long the work takes, in working days of the clock */
	int work = it->committed * (30 + pick(g, 60)) / 100;
	if (p->late)
		work = it->committed + 1 + pick(g, 4);
	if (work < 1)
		work = 1;
	int32_t fin = wd_add(g, start, work);
	if (p->pause) {
		static const char *const kinds[] = {"applicant", "expert", "hearing", "testing"};
		static const char *const why[] = {"等待申请人补充说明", "组织专家评审",
		                                  "召开听证会", "委托第三方检测"};
		int k = pick(g, 4);
		int32_t at = wd_add(g, start, 1 + pick(g, work > 1 ? work - 1 : 1));
		if (at < accept)
			at = accept;
		if (at <= g->today) {
			snprintf(det, sizeof(det), "{\"kind\":\"%s\",\"reason\":\"%s\"}", kinds[k],
			         why[k]);
			push(evs, &n, "paused", at, det);
			status = "paused";
			pause_kind = kinds[k];
			int32_t resume = wd_add(g, at, 3 + pick(g, 12));
			if (resume <= g->today) {
				push(evs, &n, "resumed", resume, NULL);
				status = "accepted";
				pause_kind = NULL;
				fin =
				    wd_add(g, fin, workcal_count(g->cal, at - 1, resume - 1, NULL));
			} else {
				fin = 0;
			}
		} else {
			fin = 0;
		}
	}
	/* the work ends after the acceptance, whatever the plan said */
	int32_t last = evs[n - 1].day;
	if (fin && fin <= last)
		fin = wd_add(g, last, 1 + pick(g, 2));
	const char *note = "";
	/* a 容缺 material still missing keeps the case open, until long past its
	 * due day: then the hall denies it */
	if (tolerant_due && !tolerant_done) {
		fin = wd_add(g, tolerant_due, 3 + pick(g, 5));
		note = "容缺材料逾期未补齐";
	}
	/* nothing stays open for months: a hall would have finished it */
	if (p->finish && !fin && strcmp(status, "paused") && last < g->today - 60)
		fin = wd_add(g, last, 2 + pick(g, 5));
	if (p->finish && fin && fin <= g->today) {
		finished = fin;
		outcome = *note || !pick(g, 20) ? "denied" : "approved";
		snprintf(det, sizeof(det), "{\"outcome\":\"%s\",\"note\":\"%s\"}", outcome,
		         *note                       ? note
		         : strcmp(outcome, "denied") ? ""
		                                     : "不符合审批条件");
		push(evs, &n, "finished", fin, det);
		status = "done";
		pause_kind = NULL;
	}
done:;
	int64_t case_id = g->next_case++;
	int tolerant = tolerant_due != 0;
	char cid[24], item_s[24], org_s[24], stat_s[24], comm_s[24], ag_s[24], hd_s[24], ts[24];
	char due_s[11], tdone_s[11], recv_s[11], fin_s[11];
	int32_t last_receipt = p->received;
	for (int i = 0; i < n; i++)
		if (!strcmp(evs[i].kind, "resubmitted"))
			last_receipt = evs[i].day;
	int handled = strcmp(status, "received") && strcmp(status, "correcting");
	const char *row[] = {TXT(cid, case_id),
	                     TXT(item_s, g->item_ids[p->item]),
	                     TXT(org_s, p->org),
	                     it->name,
	                     status,
	                     outcome,
	                     TXT(stat_s, it->statutory),
	                     TXT(comm_s, it->committed),
	                     tolerant ? "1" : "0",
	                     DAY(due_s, tolerant_due),
	                     DAY(tdone_s, tolerant_done),
	                     agent ? TXT(ag_s, agent) : NULL,
	                     handled ? TXT(hd_s, officer) : NULL,
	                     pause_kind,
	                     DAY(recv_s, last_receipt),
	                     DAY(fin_s, finished),
	                     TXT(ts, g->now),
	                     ts,
	                     "1"};
	if (store_bulk_add(g->cases, row))
		return -1;
	for (int i = 0; i < n; i++) {
		char eid[24], day_s[11], at[24], actor[24];
		int applicant = !strcmp(evs[i].kind, "submitted") ||
		                !strcmp(evs[i].kind, "resubmitted") ||
		                !strcmp(evs[i].kind, "created");
		int64_t who = applicant ? agent : officer;
		const char *ev_row[] = {TXT(eid, g->next_event++),
		                        cid,
		                        evs[i].kind,
		                        DAY(day_s, evs[i].day),
		                        TXT(at, ((int64_t)evs[i].day * 86400) + 3600 * (1 + i % 8)),
		                        who ? TXT(actor, who) : NULL,
		                        evs[i].detail};
		if (store_bulk_add(g->events, ev_row))
			return -1;
	}
	/* the materials: on paper at the window; the 容缺 one pending until handed in */
	if (accepted_day) {
		for (int m = 0; m < 4 && it->materials[m]; m++) {
			char mid[24], on_s[11];
			int pending = tolerant && m == it->tolerable;
			const char *mrow[] = {cid, TXT(mid, g->mat_ids[p->item][m]),
			                      pending && !tolerant_done ? "pending" : "paper",
			                      pending ? "1" : "0",
			                      DAY(on_s, pending ? tolerant_done : accepted_day)};
			if (store_bulk_add(g->mats, mrow))
				return -1;
		}
	}
	g->n->service_cases++;
	g->n->service_tolerant += tolerant;
	g->n->service_open += !strcmp(status, "received") || !strcmp(status, "correcting") ||
	                      !strcmp(status, "accepted") || !strcmp(status, "paused");
	return 0;
}

/* An item by weight. */
static int weighted_item(struct gen *g)
{
	int total = 0;
	for (int i = 0; i < NITEMS; i++)
		total += items[i].weight;
	int r = pick(g, total);
	for (int i = 0; i < NITEMS; i++) {
		if (r < items[i].weight)
			return i;
		r -= items[i].weight;
	}
	return 0;
}

/* A year of cases, about six received per working day, plus the cases
 * that give today's queue every colour. */
static int gen_cases(struct gen *g)
{
	int32_t first = g->today - 365;
	for (int32_t d = first; d <= g->today; d++) {
		if (!workcal_is_workday(g->cal, d, NULL))
			continue;
		int k = 4 + pick(g, 5);
		for (int i = 0; i < k; i++) {
			struct plan p = {.item = weighted_item(g),
			                 .org = g->ents[pick(g, g->nents)],
			                 .received = d,
			                 .finish = 1};
			int r = pick(g, 100);
			p.refuse = r < 4;
			p.correct = r >= 4 && r < 12;
			p.deemed = r >= 12 && r < 14;
			p.tolerant = pick(g, 100) < 37;
			p.pause = pick(g, 100) < 15;
			p.late = pick(g, 100) < 7;
			p.agent = pick(g, 100) < 12;
			if (gen_case(g, &p))
				return -1;
		}
	}
	/* Today's colours on a 5-day item (GX-SP-003): accepted k working days
	 * ago, k = 0..8, some of them hr_demo's enterprise's. */
	for (int k = 0; k <= 8; k++) {
		struct plan p = {.item = 2,
		                 .org = k % 3 == 0 ? g->hr_ent : g->ents[pick(g, g->nents)],
		                 .received = wd_add(g, g->today, -k),
		                 .accept_at = wd_add(g, g->today, -k),
		                 .tolerant = k % 2,
		                 .agent = k == 4};
		if (gen_case(g, &p))
			return -1;
	}
	/* hr_demo's enterprise: a case waiting for its 补正, one awaiting 受理,
	 * one deemed accepted (no decision for 7 working days), one paused, two
	 * finished to rate. */
	struct plan mine[] = {
	    {.item = 1, .org = g->hr_ent, .received = wd_add(g, g->today, -2), .correct = 1},
	    {.item = 7, .org = g->hr_ent, .received = g->today},
	    {.item = 6,
	     .org = g->hr_ent,
	     .received = wd_add(g, g->today, -7),
	     .accept_at = 0,
	     .deemed = 1},
	    {.item = 0, .org = g->hr_ent, .received = wd_add(g, g->today, -12), .pause = 1},
	    {.item = 10, .org = g->hr_ent, .received = wd_add(g, g->today, -20), .finish = 1},
	    {.item = 13, .org = g->hr_ent, .received = wd_add(g, g->today, -15), .finish = 1},
	};
	for (size_t i = 0; i < sizeof(mine) / sizeof(mine[0]); i++) {
		struct plan p = mine[i];
		if (i == 2)
			p.accept_at = wd_add(g, g->today, 5); /* in the future: stays received */
		if (gen_case(g, &p))
			return -1;
	}
	return 0;
}

/* ---- ratings and their follow-ups ---- */

static const char *const praise[] = {"办事效率高，一次办成", "窗口服务热情", "帮办人员全程指导",
                                     "材料一次性告知，很清楚", "比承诺时间还快"};
static const char *const complaints[] = {"材料要求前后说法不一，跑了两趟", "等候时间太长",
                                         "电话一直打不通", "超过承诺时限才办结",
                                         "窗口人员态度生硬"};

static int gen_ratings(struct gen *g)
{
	json_t *done =
	    store_rows(g->db,
	               "SELECT c.id, c.org_id, c.item_id, i.department_id, c.finished_on,"
	               " c.late FROM service_cases c JOIN service_items i ON"
	               " i.id = c.item_id WHERE c.status = 'done' ORDER BY c.id",
	               "");
	if (!done)
		return -1;
	size_t i;
	json_t *c;
	int bad_seen = 0, rc = 0;
	static const char *const channels[] = {"web", "mobile", "window", "kiosk", "sms"};
	json_array_foreach(done, i, c)
	{
		if (rc || pick(g, 100) >= 62)
			continue;
		int late = (int)json_integer_value(json_object_get(c, "late"));
		int r = pick(g, 100);
		int level = late && r < 40 ? 2
		            : r < 60       ? 5
		            : r < 85       ? 4
		            : r < 96       ? 3
		            : r < 98       ? 2
		                           : 1;
		int32_t fin = svc_parse_day(json_string_value(json_object_get(c, "finished_on")));
		int32_t on = wd_add(g, fin, pick(g, 3));
		if (on > g->today)
			on = g->today;
		const char *channel = channels[pick(g, 5)];
		char on_s[11];
		int64_t rating = 0;
		wd_format(on, on_s);
		rc = store_int64(g->db, &rating,
		                 "INSERT INTO service_ratings (subject_kind, subject_id, item_id,"
		                 " department_id, org_id, named, level, comment, channel, rated_on,"
		                 " is_demo, at) VALUES ('case', ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)"
		                 " RETURNING id",
		                 "iiii"
		                 "iitt"
		                 "ti",
		                 json_integer_value(json_object_get(c, "id")),
		                 json_integer_value(json_object_get(c, "item_id")),
		                 json_integer_value(json_object_get(c, "department_id")),
		                 json_integer_value(json_object_get(c, "org_id")),
		                 (int64_t)(strcmp(channel, "kiosk") != 0), (int64_t)level,
		                 level <= 2   ? complaints[pick(g, 5)]
		                 : level >= 4 ? praise[pick(g, 5)]
		                              : "",
		                 channel, on_s, (int64_t)on * 86400) == STORE_ROW
		         ? 0
		         : -1;
		g->n->service_ratings++;
		if (rc || level > 2)
			continue;
		/* The follow-up, at a step that depends on its age: a few at each. */
		int32_t contact_due = wd_add(g, on, 1), rectify_due = wd_add(g, on, 5);
		int age = (int)workcal_count(g->cal, on, g->today, NULL);
		int stage = bad_seen++ % 7; /* 0 open .. 6 voided */
		if (age < 6 && stage > 2)
			stage = age < 2 ? 0 : 1;
		char cd[11], rd[11], c_on[11], r_on[11], cb_on[11], closed[11];
		int lateness = pick(g, 4) == 0; /* some steps late */
		int32_t contacted = wd_add(g, on, lateness ? 2 : 1);
		int32_t rectified = wd_add(g, on, lateness ? 7 : 3 + pick(g, 3));
		if (contacted > g->today)
			contacted = g->today;
		if (rectified > g->today)
			rectified = g->today;
		const char *status[] = {"open",   "contacted", "rectified", "closed",
		                        "closed", "appealed",  "voided"};
		rc = store_run(
		    g->db,
		    "INSERT INTO service_followups (rating_id, department_id, status, opened_on,"
		    " contact_due, contacted_on, contact_note, rectify_days, rectify_due, "
		    "rectified_on,"
		    " rectify_note, callback_on, callback_note, appeal_on, appeal_reason, "
		    "appeal_by,"
		    " appeal_from, review_on, review_upheld, review_note, review_by, closed_on,"
		    " is_demo, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 5, ?, ?, ?, ?, ?, ?, ?, ?, "
		    "?,"
		    " ?, ?, ?, ?, ?, 1, ?)",
		    "iItttttttt"
		    "ttttIttitI"
		    "ti",
		    rating, (int64_t)json_integer_value(json_object_get(c, "department_id")),
		    status[stage], on_s, DAY(cd, contact_due),
		    stage >= 1 ? DAY(c_on, contacted) : NULL,
		    stage >= 1 ? "已电话联系企业，致歉并了解诉求" : NULL, DAY(rd, rectify_due),
		    stage >= 2 && stage <= 4 ? DAY(r_on, rectified) : NULL,
		    stage >= 2 && stage <= 4 ? "优化窗口流程，一次性告知清单上墙" : NULL,
		    stage >= 3 && stage <= 4 ? DAY(cb_on, rectified) : NULL,
		    stage >= 3 && stage <= 4 ? "回访企业，对整改表示认可" : NULL,
		    stage >= 5 ? DAY(c_on, contacted) : NULL,
		    stage >= 5 ? "企业承认评价误选" : NULL,
		    /* appealed by a member of 行政审批科, not its head (officer_demo), who
		     * may then review the appeals of that department (复核) */
		    stage >= 5 ? g->officers[5] : (int64_t)0, stage >= 5 ? "contacted" : NULL,
		    stage == 6 ? DAY(r_on, rectified) : NULL, (int64_t)(stage == 6),
		    stage == 6 ? "核实属实，评价不计入" : NULL,
		    stage == 6 ? g->officers[1] : (int64_t)0,
		    stage >= 3 && stage <= 4 ? DAY(closed, rectified)
		    : stage == 6             ? DAY(closed, rectified)
		                             : NULL,
		    g->now);
		if (!rc && stage == 6)
			rc =
			    store_run(g->db, "UPDATE service_ratings SET excluded = 1 WHERE id = ?",
			              "i", rating);
		g->n->service_bad++;
	}
	json_decref(done);
	return rc;
}

/* ---- investment projects ---- */

static const char *const projects[][2] = {
    {"年产5万吨锂电池正极材料项目", "广东某新能源材料集团"},
    {"高端数控机床生产基地", "江苏某精密机械股份公司"},
    {"汽车零部件智能制造产业园", "佛山某汽配集团"},
    {"半导体封装测试项目", "深圳某微电子有限公司"},
    {"生物医药研发中试基地", "广州某生物科技集团"},
    {"新型建材智能工厂", "清远某建材集团"},
    {"工业机器人集成应用中心", "东莞某智能装备公司"},
    {"5G通信模组生产线", "深圳某通信技术公司"},
    {"高分子新材料项目", "中山某化工新材料公司"},
    {"智慧物流园区", "广州某供应链集团"},
    {"光伏组件生产项目", "江西某光能科技公司"},
    {"电子信息产业孵化园", "香港某投资控股公司"},
};

static int gen_projects(struct gen *g)
{
	static const char *const industries[] = {"38", "34", "36", "39", "27", "30",
	                                         "34", "39", "26", "59", "38", "65"};
	char on_s[11], left_s[11];
	int k = 0;
	/* three per stage, six signed, two dropped */
	for (int stage = 1; stage <= 9; stage++) {
		int count = stage <= 7 ? 3 : stage == 8 ? 6 : 2;
		for (int c = 0; c < count; c++, k++) {
			const char *const *pr = projects[k % 12];
			char name[160];
			snprintf(name, sizeof(name), "%s%s", pr[0], k >= 12 ? "（二期）" : "");
			int target = stage <= 7 ? stage : 7;
			int32_t day = wd_add(g, g->today, -(target * 7 + 5 + pick(g, 10)));
			int64_t id, amount = 5000 + (int64_t)pick(g, 60) * 1000;
			if (store_int64(
			        g->db, &id,
			        "INSERT INTO invest_projects (name, investor, amount_wan, "
			        "industry_code,"
			        " summary, stage, stage_on, is_demo, created_by, created_at,"
			        " updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, 1, ?, ?, ?) RETURNING "
			        "id",
			        "ttit"
			        "tti"
			        "ii",
			        name, pr[1], amount, industries[k % 12], "重点招商项目（演示）",
			        DAY(on_s, day), g->officers[1 + pick(g, 3)], g->now,
			        g->now) != STORE_ROW)
				return -1;
			for (int s = 1; s <= 7; s++)
				if (store_run(g->db,
				              "INSERT INTO invest_stage_officers (project_id, "
				              "stage, account_id)"
				              " VALUES (?, ?, ?)",
				              "iii", id, (int64_t)s, g->officers[1 + (s + k) % 6]))
					return -1;
			/* the stages passed, each taking some working days */
			for (int s = 1; s < target || (stage >= 8 && s == 7); s++) {
				int days = 2 + pick(g, 6) + (pick(g, 6) == 0 ? 6 : 0);
				int32_t left = wd_add(g, day, days);
				if (left > g->today)
					left = g->today;
				const char *outcome = stage == 9 && s == target - 1 ? "dropped"
				                      : s == 7                      ? "signed"
				                                                    : "advanced";
				if (store_run(g->db,
				              "INSERT INTO invest_stage_history (project_id, "
				              "stage, entered_on,"
				              " left_on, days, outcome, officer_id, note) VALUES "
				              "(?, ?, ?, ?, ?,"
				              " ?, ?, ?)",
				              "iitt"
				              "itit",
				              id, (int64_t)s, DAY(on_s, day), DAY(left_s, left),
				              workcal_count(g->cal, day, left, NULL), outcome,
				              g->officers[1 + (s + k) % 6], "阶段工作完成"))
					return -1;
				day = left;
				if (!strcmp(outcome, "dropped"))
					break;
			}
			int signed_ = stage == 8, dropped = stage == 9;
			if (store_run(
			        g->db,
			        "UPDATE invest_projects SET stage = ?, stage_on = ?, status = ?,"
			        " closed_on = ?, drop_reason = ? WHERE id = ?",
			        "itttti", (int64_t)(dropped ? target - 1 : target), DAY(on_s, day),
			        signed_   ? "signed"
			        : dropped ? "dropped"
			                  : "active",
			        signed_ || dropped ? on_s : NULL,
			        dropped ? "客商调整投资布局，项目终止" : NULL, id))
				return -1;
			g->n->invest_projects++;
		}
	}
	return 0;
}

/* ---- policy rounds ---- */

static int gen_policies(struct gen *g)
{
	static const char sheet[] = "[{\"key\":\"rd\",\"name\":\"研发投入强度\",\"max\":40},"
	                            "{\"key\":\"jobs\",\"name\":\"吸纳职教城毕业生\",\"max\":30},"
	                            "{\"key\":\"growth\",\"name\":\"产值增长\",\"max\":30}]";
	static const char *const conditions[] = {"{\"in_zone\":true}",
	                                         "{\"in_zone\":true,\"sizes\":[\"50人以下\",\"50-"
	                                         "299人\",\"300-999人\",\"1000人以上\"]}"};
	static const char *const titles[] = {"高新区企业研发投入后补助", "职教城人才引进稳岗补贴"};
	json_t *orgs = store_rows(g->db,
	                          "SELECT o.id, o.in_zone, o.industry_code, d.parent AS section,"
	                          " o.size, (SELECT COUNT(*) FROM applications x WHERE"
	                          " x.enterprise_id = o.id AND x.status = 'accepted') AS hires"
	                          " FROM organizations o LEFT JOIN dict_industries d ON"
	                          " d.code = o.industry_code WHERE o.kind = 'enterprise' AND"
	                          " o.status = 'active' AND o.in_zone = 1 ORDER BY o.id",
	                          "");
	if (!orgs)
		return -1;
	int rc = 0;
	for (int r = 0; r < 2 && !rc; r++) {
		int64_t policy, round;
		char opens[11], closes[11], pfrom[11], pto[11], today_s[11];
		int open = r == 1;
		int32_t o = open ? g->today - 20 : g->today - 120,
		        c = open ? g->today + 15 : g->today - 80;
		int32_t pf = wd_add(g, c, 10), pt = wd_add(g, pf, 5);
		wd_format(g->today, today_s);
		json_t *cond = json_loads(conditions[r], 0, NULL);
		if (store_int64(
		        g->db, &policy,
		        "INSERT INTO policy_policies (title, department_id, summary, conditions,"
		        " score_sheet, pass_score, max_amount, is_demo, created_at, updated_at)"
		        " VALUES (?, ?, ?, ?, ?, 60, 500000, 1, ?, ?) RETURNING id",
		        "titt"
		        "tii",
		        titles[r], g->dep_ids[2], "对符合条件的区内企业给予资金支持（演示）",
		        conditions[r], sheet, g->now, g->now) != STORE_ROW ||
		    store_int64(
		        g->db, &round,
		        "INSERT INTO policy_rounds (policy_id, name, opens_on, closes_on,"
		        " publicity_days, budget, stage, publicity_from, publicity_to, is_demo,"
		        " created_at, updated_at) VALUES (?, ?, ?, ?, 5, 20000000, ?, ?, ?, 1, ?,"
		        " ?) RETURNING id",
		        "ittt"
		        "tttii",
		        policy, open ? "2026年第二批" : "2026年第一批", DAY(opens, o),
		        DAY(closes, c), open ? "published" : "done", open ? NULL : DAY(pfrom, pf),
		        open ? NULL : DAY(pto, pt), g->now, g->now) != STORE_ROW) {
			json_decref(cond);
			rc = -1;
			break;
		}
		/* about 70 applicants in the first round, 50 so far in the open one */
		size_t i;
		json_t *org;
		int want = open ? 50 : 70, made = 0;
		json_array_foreach(orgs, i, org)
		{
			if (made >= want || rc)
				break;
			if (pick(g, 100) >= 60)
				continue;
			struct policy_facts f = {
			    .in_zone = (int)json_integer_value(json_object_get(org, "in_zone")),
			    .industry_code =
			        json_string_value(json_object_get(org, "industry_code")),
			    .industry_section = json_string_value(json_object_get(org, "section")),
			    .size = json_string_value(json_object_get(org, "size")),
			    .vocational_hires = json_integer_value(json_object_get(org, "hires")),
			    .incubator = -1};
			int ok = 0;
			json_t *checks = policy_check(cond, &f, &ok);
			char *text = json_dumps(checks, JSON_COMPACT);
			json_decref(checks);
			if (!ok) {
				free(text);
				continue;
			}
			int rd = 10 + pick(g, 31), jobs = 5 + pick(g, 26), growth = 5 + pick(g, 26);
			int total = rd + jobs + growth, reviewed = !open || pick(g, 3) == 0;
			int passed = total >= 60;
			const char *status = !reviewed ? "submitted"
			                     : open    ? (passed ? "passed" : "failed")
			                     : passed  ? "approved"
			                               : "failed";
			char scores[96], submitted[11];
			snprintf(scores, sizeof(scores), "{\"growth\":%d,\"jobs\":%d,\"rd\":%d}",
			         growth, jobs, rd);
			int64_t amount = 50000 + (int64_t)pick(g, 45) * 10000, app;
			rc =
			    store_int64(
			        g->db, &app,
			        "INSERT INTO policy_applications (round_id, org_id, status,"
			        " amount_requested, amount_approved, precheck, precheck_ok, scores,"
			        " score_total, review_comment, reviewed_by, reviewed_on,"
			        " decided_on, submitted_on, is_demo, created_at, updated_at)"
			        " VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)"
			        " RETURNING id",
			        "iiti"
			        "itt"
			        "ItI"
			        "ttt"
			        "ii",
			        round, json_integer_value(json_object_get(org, "id")), status,
			        amount, passed && reviewed ? amount : (int64_t)0, text,
			        reviewed ? scores : NULL, (int64_t)(reviewed ? total : 0),
			        reviewed ? "材料齐全，评审通过" : NULL,
			        reviewed ? g->officers[2] : (int64_t)0,
			        reviewed ? (open ? today_s : closes) : NULL,
			        !open && reviewed ? pto : NULL, DAY(submitted, o + pick(g, 20)),
			        g->now, g->now) == STORE_ROW
			        ? 0
			        : -1;
			free(text);
			made++;
			/* the approved ones of the closed round are paid, some in two parts */
			if (!rc && !open && passed) {
				char paid[11], voucher[32];
				snprintf(voucher, sizeof(voucher), "GXCZ-2026-%04d", (int)app);
				rc = store_run(
				    g->db,
				    "INSERT INTO policy_payments (application_id, amount, paid_on,"
				    " voucher, recorded_by, at) VALUES (?, ?, ?, ?, ?, ?)",
				    "iitt"
				    "ii",
				    app, amount, DAY(paid, wd_add(g, pt, 5 + pick(g, 10))), voucher,
				    g->officers[2], g->now);
				g->n->policy_paid++;
			}
		}
		g->n->policy_applications += made;
		json_decref(cond);
	}
	json_decref(orgs);
	/* A 免申即享 policy with an open round and no application: the officer grants it to
	 * the eligible enterprises the platform finds (the round's 免申即享发放).  It opened
	 * before the round above, which stays the first open one listed. */
	int64_t policy, round;
	char opens[11], closes[11];
	if (!rc &&
	    (store_int64(g->db, &policy,
	                 "INSERT INTO policy_policies (title, department_id, summary,"
	                 " conditions, score_sheet, pass_score, max_amount, no_application,"
	                 " is_demo, created_at, updated_at) VALUES (?, ?, ?,"
	                 " '{\"in_zone\":true}', ?, 60, 20000, 1, 1, ?, ?) RETURNING id",
	                 "titt"
	                 "ii",
	                 "区内企业稳岗返还（免申即享）", g->dep_ids[2],
	                 "区内企业按参保职工人数返还失业保险费，平台核验后直接发放（演示）", sheet,
	                 g->now, g->now) != STORE_ROW ||
	     store_int64(g->db, &round,
	                 "INSERT INTO policy_rounds (policy_id, name, opens_on, closes_on,"
	                 " publicity_days, budget, stage, is_demo, created_at, updated_at)"
	                 " VALUES (?, ?, ?, ?, 5, 2000000, 'published', 1, ?, ?) RETURNING id",
	                 "ittt"
	                 "ii",
	                 policy, "2026年稳岗返还", DAY(opens, g->today - 25),
	                 DAY(closes, g->today + 30), g->now, g->now) != STORE_ROW))
		rc = -1;
	return rc;
}

/* ---- the entry ---- */

static int64_t next_id(struct store *db, const char *sql)
{
	int64_t v = 0;
	return store_int64(db, &v, sql, "") == STORE_ROW ? v : -1;
}

int demo_services(struct store *db, uint64_t seed, int64_t hr_enterprise,
                  struct demo_counts *counts)
{
	char err[300];
	struct gen g = {
	    .db = db, .rng = seed * 2654435761u + 13, .n = counts, .hr_ent = hr_enterprise};
	g.now = now_seconds();
	g.today = wd_china_day(g.now);
	g.cal = servcal_load(db, err, sizeof(err));
	if (!g.cal) {
		log_error("demo: %s", err);
		return -1;
	}
	json_t *ents = store_rows(db,
	                          "SELECT id FROM organizations WHERE kind = 'enterprise' AND"
	                          " status = 'active' ORDER BY id",
	                          "");
	int rc = -1;
	if (!ents || !json_array_size(ents))
		goto out;
	g.nents = (int)json_array_size(ents);
	g.ents = calloc((size_t)g.nents, sizeof(int64_t));
	for (int i = 0; i < g.nents; i++)
		g.ents[i] =
		    json_integer_value(json_object_get(json_array_get(ents, (size_t)i), "id"));
	if (gen_structure(&g))
		goto out;
	g.next_case = next_id(db, "SELECT COALESCE(MAX(id), 0) + 1 FROM service_cases");
	g.next_event = next_id(db, "SELECT COALESCE(MAX(id), 0) + 1 FROM service_case_events");
	g.cases = store_bulk_new(db,
	                         "INSERT INTO service_cases (id, item_id, org_id, title, status,"
	                         " outcome, statutory_days, committed_days, tolerant, tolerant_due,"
	                         " tolerant_done, agent_id, handler_id, pause_kind, received_on,"
	                         " finished_on, created_at, updated_at, is_demo)",
	                         19);
	g.events = store_bulk_new(db,
	                          "INSERT INTO service_case_events (id, case_id, kind, on_day, at,"
	                          " actor_id, detail)",
	                          7);
	g.mats = store_bulk_new(db,
	                        "INSERT INTO service_case_materials (case_id, material_id, state,"
	                        " tolerant, provided_on)",
	                        5);
	if (!g.cases || !g.events || !g.mats)
		goto out;
	store_bulk_parent(g.events, g.cases);
	store_bulk_parent(g.mats, g.cases);
	int grc = gen_cases(&g);
	int b1 = store_bulk_finish(g.events), b2 = store_bulk_finish(g.mats);
	int b3 = store_bulk_finish(g.cases);
	g.events = g.mats = g.cases = NULL;
	int64_t computed = 0;
	struct derr e = {0};
	if (grc || b1 || b2 || b3 || store_sync_ids(db, "service_cases") ||
	    store_sync_ids(db, "service_case_events") ||
	    service_recompute_cases(db, g.cal, g.today, 1, &computed, &e) || gen_ratings(&g) ||
	    gen_projects(&g) || gen_policies(&g))
		goto out;
	rc = 0;
out:
	if (g.events)
		store_bulk_finish(g.events);
	if (g.mats)
		store_bulk_finish(g.mats);
	if (g.cases)
		store_bulk_finish(g.cases);
	json_decref(ents);
	free(g.ents);
	workcal_free(g.cal);
	return rc;
}
