/*
 * The demo's incubator (issue 11), beside the rest of demo.c: the HQ of
 * 2,600 m² with its five zones, rooms and seats; three campus bases with 7,
 * 8 and 5 resident projects (and four at the HQ, two applications waiting,
 * one graduate); a year of monthly reports; mentors (mentor_demo and four
 * more, one per five projects at least); bookings this week; 22 past
 * activities with 2,000+ attendances and three upcoming; services; and a
 * resident student, resident_demo.
 *
 * Deterministic for a seed: the same rows every time, placed relative to
 * the day it runs.  Rows are written directly (the demo is a fixture, not a
 * user), in demo_fill()'s transaction; bookings never overlap by
 * construction, and the database would refuse them if they did.
 */
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "domain/account.h"
#include "domain/demo.h"
#include "domain/incubator_rules.h"

struct gen {
	struct store *db;
	uint64_t rng;
	int64_t now, week; /* Monday 00:00 of this week, China time */
	struct demo_counts *counts;
	int64_t admin, mentors[5];
	int64_t pool[400]; /* student accounts who attend activities */
	int npool;
};

static uint64_t rnd(struct gen *g)
{
	g->rng ^= g->rng << 13;
	g->rng ^= g->rng >> 7;
	g->rng ^= g->rng << 17;
	return g->rng;
}

static int pick(struct gen *g, int n)
{
	return (int)(rnd(g) % (uint64_t)n);
}

#define NUM(buf, v) (snprintf(buf, sizeof(buf), "%lld", (long long)(v)), buf)

/* An insert answering RETURNING id into *id: 0, or -1. */
#define INSERT(g, id, sql, types, ...)                                                             \
	(store_int64((g)->db, (id), sql, types, __VA_ARGS__) == STORE_ROW ? 0 : -1)

/* ---- places ---- */

/* The HQ's five zones (area, what they hold). */
static const struct {
	const char *name, *purpose;
	int area, desks, offices;
	struct {
		const char *kind, *name;
		int area, capacity;
	} rooms[3];
} hq_zones[] = {
    {"创客孵化区", "入驻项目的工位与独立办公室", 900, 40, 6, {{"meeting", "创客会议室", 30, 10}}},
    {"创业培训区",
     "创业培训、训练营",
     500,
     0,
     0,
     {{"training", "培训教室一", 120, 60},
      {"training", "培训教室二", 80, 40},
      {"meeting", "研讨室", 30, 10}}},
    {"路演中心",
     "项目路演、投融资对接",
     450,
     0,
     0,
     {{"roadshow", "路演厅", 300, 120},
      {"meeting", "洽谈室一", 25, 8},
      {"meeting", "洽谈室二", 25, 8}}},
    {"人才基地",
     "人才招聘、面试、就业指导",
     350,
     0,
     0,
     {{"hall", "人才服务大厅", 200, 80},
      {"meeting", "面试间一", 15, 4},
      {"meeting", "面试间二", 15, 4}}},
    {"校企合作区",
     "校企联合实验室、产学研对接",
     400,
     0,
     0,
     {{"studio", "校企联合实验室", 150, 20},
      {"studio", "成果转化工作室", 100, 12},
      {"meeting", "对接会议室", 40, 16}}},
};

static int add_room(struct gen *g, int64_t zone, const char *kind, const char *name, int area,
                    int capacity, int x, int y, int64_t *id)
{
	int w = area >= 200 ? 16 : area >= 80 ? 10 : 6, h = area >= 200 ? 12 : area >= 80 ? 8 : 4;
	return INSERT(
	    g, id,
	    "INSERT INTO incubator_rooms (zone_id, kind, name, area_m2, capacity, equipment,"
	    " x, y, w, h, is_demo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
	    "ittiitiiii", zone, kind, name, (int64_t)area, (int64_t)capacity,
	    !strcmp(kind, "roadshow") ? "[\"LED大屏\",\"音响\",\"直播设备\"]"
	                              : "[\"投影仪\",\"白板\"]",
	    (int64_t)x, (int64_t)y, (int64_t)w, (int64_t)h);
}

/* Desks in rows of ten from (x0, y0), then offices. */
static int add_seats(struct gen *g, int64_t zone, const char *prefix, int desks, int offices,
                     int x0, int y0, int64_t *first)
{
	char label[32];
	for (int i = 0; i < desks + offices; i++) {
		int office = i >= desks;
		int64_t id;
		snprintf(label, sizeof(label), office ? "%s办公室%02d" : "%s-%02d", prefix,
		         office ? i - desks + 1 : i + 1);
		int x = office ? x0 + (i - desks) * 5 : x0 + (i % 10) * 3;
		int y = office ? y0 + ((desks + 9) / 10) * 3 + 1 : y0 + (i / 10) * 3;
		if (INSERT(
		        g, &id,
		        "INSERT INTO incubator_seats (zone_id, kind, label, area_m2, capacity, x, "
		        "y,"
		        " w, h, prize_reserved, is_demo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"
		        " RETURNING id",
		        "ittiiiiiii", zone, office ? "office" : "desk", label,
		        (int64_t)(office ? 20 : 6), (int64_t)(office ? 4 : 1), (int64_t)x,
		        (int64_t)y, (int64_t)(office ? 4 : 2), (int64_t)(office ? 3 : 2),
		        (int64_t)(!office &&
		                  i >= desks - 2))) /* two desks kept for prize winners */
			return -1;
		if (i == 0)
			*first = id;
	}
	return 0;
}

struct site {
	int64_t id, college, zone, first_seat, nseats, rooms[4];
	int nrooms, projects;
};

static int gen_places(struct gen *g, const int64_t *college_ids, struct site *hq,
                      struct site bases[3])
{
	int64_t now = g->now, zone, room;
	if (INSERT(g, &hq->id,
	           "INSERT INTO incubator_sites (kind, name, address, area_m2, is_demo, created_at,"
	           " updated_at) VALUES ('hq', ?, ?, 2600, 1, ?, ?) RETURNING id",
	           "ttii", "凤翔谷创新创业孵化基地（总部·演示）", "清远高新区创兴大道", now, now))
		return -1;
	for (int z = 0; z < 5; z++) {
		if (INSERT(g, &zone,
		           "INSERT INTO incubator_zones (site_id, name, purpose, area_m2, plan_w, "
		           "plan_h,"
		           " sort) VALUES (?, ?, ?, ?, 60, 40, ?) RETURNING id",
		           "ittii", hq->id, hq_zones[z].name, hq_zones[z].purpose,
		           (int64_t)hq_zones[z].area, (int64_t)z))
			return -1;
		for (int r = 0; r < 3 && hq_zones[z].rooms[r].name; r++) {
			if (add_room(g, zone, hq_zones[z].rooms[r].kind, hq_zones[z].rooms[r].name,
			             hq_zones[z].rooms[r].area, hq_zones[z].rooms[r].capacity,
			             2 + r * 19, z == 0 ? 28 : 4, &room))
				return -1;
			if (hq->nrooms < 4 && (z == 1 || z == 2))
				hq->rooms[hq->nrooms++] = room; /* where activities take place */
		}
		if (hq_zones[z].desks && add_seats(g, zone, "A", hq_zones[z].desks,
		                                   hq_zones[z].offices, 2, 2, &hq->first_seat))
			return -1;
		if (z == 0) {
			hq->zone = zone;
			hq->nseats = hq_zones[z].desks + hq_zones[z].offices;
		}
	}
	static const char *const names[] = {"广建院众创空间（校内基地·演示）",
	                                    "科贸学院创业孵化园（校内基地·演示）",
	                                    "工贸职院大学生创业基地（校内基地·演示）"};
	for (int b = 0; b < 3; b++) {
		struct site *s = &bases[b];
		s->college = college_ids[b];
		s->nseats = 20;
		if (INSERT(
		        g, &s->id,
		        "INSERT INTO incubator_sites (kind, name, college_id, address, area_m2,"
		        " is_demo, created_at, updated_at) VALUES ('campus', ?, ?, ?, ?, 1, ?, ?)"
		        " RETURNING id",
		        "titiii", names[b], s->college, "清远职教城", (int64_t)(300 + 50 * b), now,
		        now) ||
		    INSERT(g, &s->zone,
		           "INSERT INTO incubator_zones (site_id, name, purpose, area_m2, plan_w,"
		           " plan_h) VALUES (?, '众创空间', '学生创业团队工位与路演', ?, 40, 30)"
		           " RETURNING id",
		           "ii", s->id, (int64_t)(260 + 50 * b)) ||
		    add_room(g, s->zone, "meeting", "创业会议室", 40, 16, 2, 18, &s->rooms[0]) ||
		    add_room(g, s->zone, "roadshow", "路演角", 60, 40, 14, 18, &s->rooms[1]) ||
		    add_seats(g, s->zone, "B", 18, 2, 2, 2, &s->first_seat))
			return -1;
		s->nrooms = 2;
	}
	return 0;
}

/* ---- people ---- */

/* Makes accounts for n students of college that have none and no
 * activation code (the claim class stays unclaimed), into ids[]. */
static int student_accounts(struct gen *g, int64_t college, int n, int64_t *ids, int *got)
{
	json_t *rows =
	    store_rows(g->db,
	               "SELECT s.id, s.name, s.student_no FROM students s WHERE"
	               " s.college_id = ? AND s.account_id IS NULL AND s.closed_at IS NULL"
	               " AND NOT EXISTS (SELECT 1 FROM claim_codes c WHERE c.student_id ="
	               " s.id) ORDER BY s.id DESC LIMIT ?",
	               "ii", college, (int64_t)n);
	size_t i;
	json_t *r;
	*got = 0;
	if (!rows)
		return -1;
	json_array_foreach(rows, i, r)
	{
		char login[48];
		int64_t sid = json_integer_value(json_object_get(r, "id"));
		snprintf(login, sizeof(login), "cy%lld", (long long)sid);
		if (account_insert(g->db, login, NULL, "student",
		                   json_string_value(json_object_get(r, "name")), college,
		                   json_string_value(json_object_get(r, "student_no")), 1,
		                   &ids[*got]) != STORE_OK ||
		    store_run(g->db, "UPDATE students SET account_id = ? WHERE id = ?", "ii",
		              ids[*got], sid) != STORE_OK) {
			json_decref(rows);
			return -1;
		}
		(*got)++;
	}
	json_decref(rows);
	return 0;
}

static int gen_mentors(struct gen *g)
{
	static const char *const names[] = {"林导师（投融资）", "何导师（知识产权）",
	                                    "罗导师（智能制造）", "邓导师（市场营销）"};
	if (store_int64(g->db, &g->mentors[0],
	                "SELECT id FROM accounts WHERE login = 'mentor_demo'", "") != STORE_ROW)
		return -1;
	for (int i = 0; i < 4; i++) {
		char login[32];
		snprintf(login, sizeof(login), "mentor%02d", i + 2);
		if (account_insert(g->db, login, NULL, "mentor", names[i], 0, NULL, 1,
		                   &g->mentors[i + 1]) != STORE_OK)
			return -1;
	}
	return 0;
}

/* ---- projects ---- */

static const struct {
	const char *name, *industry, *summary;
} projects[] = {
    /* base 1 (7) */
    {"智慧大棚环境监测系统", "现代农业", "用低成本传感器与小程序监测大棚温湿度，自动提醒农户"},
    {"建筑BIM轻量化建模服务", "智能建造", "为中小施工企业提供BIM建模与碰撞检查外包服务"},
    {"装配式构件质检App", "智能建造", "手机拍照识别预制构件表面缺陷"},
    {"乡村民宿设计工作室", "文化创意", "为清远乡村民宿提供改造设计与软装方案"},
    {"绿色建材检测实验室", "新材料", "面向县域工程的建材快速检测服务"},
    {"校园二手教材平台", "电子商务", "职教城学生二手教材与工具循环交易"},
    {"无人机测绘服务队", "智能制造", "小型工程与农田的无人机航测与建模"},
    /* base 2 (8) */
    {"跨境电商选品助手", "电子商务", "为清远本地工厂做跨境电商选品与上架"},
    {"英德红茶新零售", "现代农业", "英德红茶的直播带货与社群零售"},
    {"财税代账小微服务", "现代服务", "面向个体户的代理记账与报税"},
    {"连州菜心供应链", "现代农业", "连州菜心从田间到大湾区餐饮的冷链直供"},
    {"短视频营销工作室", "文化创意", "为园区企业拍摄招聘与产品短视频"},
    {"智能仓储盘点机器人", "智能制造", "基于RFID的小型仓库自动盘点"},
    {"客家非遗文创", "文化创意", "客家刺绣与剪纸的文创产品设计"},
    {"职业技能在线题库", "教育科技", "面向职业技能等级认定的刷题与模考"},
    /* base 3 (5) */
    {"工业机器人运维服务", "智能制造", "为园区企业的工业机器人提供巡检与维保"},
    {"新能源电池回收检测", "新材料", "退役动力电池的分选检测与梯次利用"},
    {"数控刀具修磨中心", "智能制造", "数控刀具的修磨与寿命管理"},
    {"PLC编程外包团队", "智能制造", "中小产线的PLC程序编写与调试"},
    {"工装夹具3D打印", "智能制造", "快速打印生产线工装夹具"},
    /* HQ (4) */
    {"清远高新杯一等奖：石墨烯导热膜", "新材料", "高导热石墨烯复合膜的中试与量产"},
    {"生物基可降解餐盒", "生物医药", "以农业秸秆为原料的可降解餐具"},
    {"云端MES轻量版", "智能制造", "面向小微工厂的云端生产执行系统"},
    {"校企合作实训耗材商城", "电子商务", "职业院校实训耗材的集中采购平台"},
    /* waiting for review (2), graduated (1) */
    {"AI面试陪练", "教育科技", "为毕业生模拟岗位面试并给出改进建议"},
    {"宠物智能喂食器", "智能制造", "可远程控制的宠物喂食器"},
    {"清远鸡预制菜", "现代农业", "清远鸡的中央厨房预制菜"},
};
#define NPROJECTS (int)(sizeof(projects) / sizeof(projects[0]))

struct project {
	int64_t id, site, leader, members[4], start;
	int nmembers;
	const char *status;
};

static int gen_projects(struct gen *g, const int64_t *college_ids, struct site *hq,
                        struct site bases[3], const char *hash, struct project *p)
{
	int64_t accounts[64], now = g->now;
	int k = 0;
	for (int i = 0; i < NPROJECTS; i++) {
		struct site *s = i < 7 ? &bases[0] : i < 15 ? &bases[1] : i < 20 ? &bases[2] : hq;
		int64_t college = s == hq ? college_ids[3 + i % 4] : s->college;
		int got, n = 2 + pick(g, 3);
		p[i].status = i < 24 ? "resident" : i < 26 ? "applied" : "graduated";
		p[i].site = s->id;
		if (student_accounts(g, college, n, accounts, &got) || got < 1)
			return -1;
		p[i].leader = accounts[0];
		for (int m = 1; m < got; m++)
			p[i].members[p[i].nmembers++] = accounts[m];
		if (i == 0) { /* the demo's resident student leads the first project */
			if (store_run(g->db,
			              "UPDATE accounts SET login = 'resident_demo', password_hash "
			              "= ? WHERE"
			              " id = ?",
			              "ti", hash, p[i].leader) != STORE_OK)
				return -1;
		}
		/* In residence for 3 to 18 months (the graduate longer). */
		int months = i >= 26 ? 30 : 3 + pick(g, 16);
		p[i].start =
		    incubator_month_start(incubator_month_of(now - (int64_t)months * 30 * 86400));
		int64_t end = p[i].start + 3 * 365 * 86400LL, applied = p[i].start - 20 * 86400;
		const char *source = i == 20 ? "prize" : i >= 21 && i < 24 ? "company" : "team";
		int resident = strcmp(p[i].status, "applied");
		if (!resident)
			applied = now - (2 + i) * 86400;
		if (INSERT(
		        g, &p[i].id,
		        "INSERT INTO incubator_projects (name, summary, industry, source, "
		        "prize_ref,"
		        " company_name, college_id, site_id, status, applied_by, applied_at,"
		        " reviewed_at, review_reason, agreement_start, agreement_end, left_at,"
		        " leave_reason, is_demo, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?,"
		        " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
		        "ttttItiitiiItIIItii", projects[i].name, projects[i].summary,
		        projects[i].industry, source, (int64_t)(i == 20 ? 1 : 0),
		        !strcmp(source, "company") ? projects[i].name : NULL, college, s->id,
		        p[i].status, p[i].leader, applied, resident ? applied + 10 * 86400 : 0,
		        resident ? "项目方向清晰，团队完整，同意入驻" : NULL,
		        resident ? p[i].start : 0, resident ? end : 0,
		        i >= 26 ? now - 40 * 86400 : 0,
		        i >= 26 ? "年营业收入超过100万元，已迁入园区自有厂房" : NULL, applied, now))
			return -1;
		if (store_run(
		        g->db,
		        "INSERT INTO incubator_members (project_id, account_id, role, joined_at)"
		        " VALUES (?, ?, 'leader', ?)",
		        "iii", p[i].id, p[i].leader, applied) != STORE_OK)
			return -1;
		for (int m = 0; m < p[i].nmembers; m++)
			if (store_run(g->db,
			              "INSERT INTO incubator_members (project_id, account_id, role,"
			              " joined_at) VALUES (?, ?, 'member', ?)",
			              "iii", p[i].id, p[i].members[m], applied) != STORE_OK)
				return -1;
		const char *steps[][2] = {
		    {NULL, "applied"}, {"applied", p[i].status}, {"resident", "graduated"}};
		int nsteps = !resident ? 1 : i >= 26 ? 3 : 2;
		if (i >= 26)
			steps[1][1] = "resident";
		for (int st = 0; st < nsteps; st++)
			if (store_run(
			        g->db,
			        "INSERT INTO incubator_project_events (project_id, from_status,"
			        " to_status, at) VALUES (?, ?, ?, ?)",
			        "itti", p[i].id, steps[st][0], steps[st][1],
			        st == 0   ? applied
			        : st == 1 ? applied + 10 * 86400
			                  : now - 40 * 86400) != STORE_OK)
				return -1;
		if (!strcmp(p[i].status, "resident"))
			s->projects++;
		/* Mentors: one each, mentor_demo for every fourth; a second for some. */
		if (resident) {
			int64_t m1 = g->mentors[i % 4 == 0 ? 0 : 1 + pick(g, 4)];
			if (store_run(
			        g->db,
			        "INSERT INTO incubator_mentors (project_id, mentor_id, assigned_at)"
			        " VALUES (?, ?, ?)",
			        "iii", p[i].id, m1, p[i].start) != STORE_OK)
				return -1;
		}
		/* Seats: the HQ's offices, one or two desks at a base. */
		if (!strcmp(p[i].status, "resident")) {
			int64_t seat = s == hq ? s->first_seat + 40 + k % 6
			                       : s->first_seat + s->projects * 2 - 2;
			int nseats = s == hq ? 1 : 2;
			for (int d = 0; d < nseats; d++)
				if (store_run(
				        g->db,
				        "INSERT INTO incubator_seat_assignments (seat_id, "
				        "project_id,"
				        " start_at, end_at, created_at) VALUES (?, ?, ?, ?, ?)",
				        "iiiii", seat + d, p[i].id, p[i].start, end,
				        p[i].start) != STORE_OK)
					return -1;
			if (s == hq)
				k++;
		}
		for (int m = 0; m < 1 + p[i].nmembers && g->npool < 400; m++)
			g->pool[g->npool++] = m ? p[i].members[m - 1] : p[i].leader;
	}
	return 0;
}

/* A year of monthly reports of every resident project: figures that grow,
 * some late, hiring needs now and then. */
static int gen_reports(struct gen *g, struct project *p)
{
	int last = incubator_month_of(g->now);
	for (int i = 0; i < NPROJECTS; i++) {
		if (strcmp(p[i].status, "applied") == 0)
			continue;
		int64_t revenue = 20000 + pick(g, 60000), staff = 2 + pick(g, 4);
		int first = incubator_month_of(p[i].start), floor = last - 100;
		for (int m = first > floor ? first : floor; m < last; m = incubator_month_next(m)) {
			if (!strcmp(p[i].status, "graduated") &&
			    incubator_month_start(m) > g->now - 40 * 86400)
				break;
			int64_t due = incubator_report_due(m, 10), id;
			int late = pick(g, 10) == 0;
			int64_t at =
			    late ? due + pick(g, 5) * 86400 + 3600 : due - 86400 * (1 + pick(g, 8));
			if (at > g->now) /* last month's, not yet filed by some */
				continue;
			revenue += revenue / 10 + pick(g, 20000);
			staff += pick(g, 3) == 0;
			int64_t students = staff / 2, grads = (staff - students) / 2;
			int64_t financing =
			    pick(g, 12) == 0 ? (int64_t)(1 + pick(g, 10)) * 100000 : 0;
			const char *hiring =
			    pick(g, 6) == 0
			        ? "[{\"title\":\"运营助理\",\"headcount\":1,\"kind\":\"实习\"}]"
			        : "[]";
			if (INSERT(
			        g, &id,
			        "INSERT INTO incubator_reports (project_id, month, revenue, staff,"
			        " staff_students, staff_graduates, financing, financing_note, "
			        "patents,"
			        " software_copyrights, awards, need_funding, need_space, "
			        "need_hiring,"
			        " submitted_by, submitted_at, due_at, late, is_demo) VALUES (?, ?, "
			        "?, ?,"
			        " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
			        "iiiiiiitiittttiiii", p[i].id, (int64_t)m, revenue, staff, students,
			        grads, financing, financing ? "天使轮（演示）" : NULL,
			        (int64_t)(pick(g, 8) == 0), (int64_t)(pick(g, 6) == 0),
			        pick(g, 15) == 0 ? "清远高新杯创新创业大赛三等奖" : NULL,
			        financing         ? NULL
			        : pick(g, 5) == 0 ? "希望对接天使投资"
			                          : NULL,
			        pick(g, 7) == 0 ? "团队扩大，需要增加两个工位" : NULL, hiring,
			        p[i].leader, at, due, (int64_t)late))
				return -1;
			g->counts->inc_reports++;
		}
	}
	return 0;
}

/* ---- this week's bookings ---- */

static int booking(struct gen *g, int64_t room, int64_t start, int64_t end, const char *title,
                   int64_t by, const char *kind, int64_t project, int64_t activity, int64_t *id)
{
	const char *status = end <= g->now ? (pick(g, 8) ? "checked_in" : "no_show") : "confirmed";
	return INSERT(g, id,
	              "INSERT INTO incubator_bookings (room_id, start_at, end_at, status, title,"
	              " booked_by, booker_kind, project_id, activity_id, checked_in_at, is_demo,"
	              " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)"
	              " RETURNING id",
	              "iiittitIIIii", room, start, end, status, title, by, kind, project, activity,
	              !strcmp(status, "checked_in") ? start + 300 : 0, start - 3 * 86400,
	              start - 3 * 86400);
}

static int gen_bookings(struct gen *g, struct site *hq, struct site bases[3], struct project *p)
{
	static const char *const titles[] = {"团队周会", "客户洽谈", "投资人见面", "产品评审",
	                                     "路演彩排", "招聘面试", "技术讨论"};
	int64_t rooms[8];
	int nrooms = 0;
	for (int r = 0; r < hq->nrooms; r++)
		rooms[nrooms++] = hq->rooms[r];
	for (int b = 0; b < 3; b++)
		rooms[nrooms++] = bases[b].rooms[0];
	/* Each room, each day of this week: a few hours, never the same hour
	 * twice (so never overlapping). */
	for (int r = 0; r < nrooms; r++)
		for (int d = 0; d < 7; d++) {
			int used = 0;
			for (int n = pick(g, 3); n > 0; n--) {
				int hour = 9 + pick(g, 10);
				if (used & 1 << hour)
					continue;
				used |= 1 << hour;
				struct project *who = &p[pick(g, 24)];
				int64_t start = g->week + d * 86400 + hour * 3600, id;
				if (booking(g, rooms[r], start, start + 3600, titles[pick(g, 7)],
				            who->leader, "resident", who->id, 0, &id))
					return -1;
				g->counts->inc_bookings++;
			}
		}
	return 0;
}

/* ---- activities ---- */

static const struct {
	const char *kind, *title, *organiser;
} activities[] = {
    {"talk", "大学生创业政策解读会", "高新区创新创业服务中心"},
    {"camp", "清远高新杯赛前训练营（第一期）", "高新区管委会"},
    {"salon", "创业沙龙：如何找到第一个客户", "凤翔谷孵化基地"},
    {"roadshow", "春季项目路演暨投融资对接会", "高新区创新创业服务中心"},
    {"visit", "走进园区智能制造企业", "高新区人才服务中心"},
    {"training", "初创企业财税实务培训", "凤翔谷孵化基地"},
    {"talk", "知识产权与专利申请讲座", "高新区知识产权服务站"},
    {"salon", "女性创业者沙龙", "凤翔谷孵化基地"},
    {"camp", "清远高新杯赛前训练营（第二期）", "高新区管委会"},
    {"roadshow", "新材料赛道专场路演", "高新区创新创业服务中心"},
    {"visit", "走进职教城校企合作基地", "职教城管委会"},
    {"training", "短视频营销实战培训", "凤翔谷孵化基地"},
    {"talk", "毕业生创业与就业政策宣讲", "高新区人才服务中心"},
    {"salon", "技术合伙人怎么找", "凤翔谷孵化基地"},
    {"roadshow", "智能制造赛道专场路演", "高新区创新创业服务中心"},
    {"training", "商业计划书写作工作坊", "凤翔谷孵化基地"},
    {"visit", "走进大湾区孵化器", "高新区管委会"},
    {"talk", "天使投资人眼中的好项目", "凤翔谷孵化基地"},
    {"camp", "乡村振兴创业训练营", "高新区创新创业服务中心"},
    {"salon", "跨境电商经验分享会", "凤翔谷孵化基地"},
    {"roadshow", "秋季项目路演暨投融资对接会", "高新区创新创业服务中心"},
    {"training", "股权设计与融资协议培训", "凤翔谷孵化基地"},
    /* upcoming */
    {"roadshow", "冬季项目路演日", "高新区创新创业服务中心"},
    {"talk", "2027年创业扶持政策发布会", "高新区管委会"},
    {"salon", "校企合作成果转化沙龙", "凤翔谷孵化基地"},
};
#define NACTIVITIES (int)(sizeof(activities) / sizeof(activities[0]))
#define NPAST       22

static int gen_activities(struct gen *g, const int64_t *college_ids, struct site *hq,
                          struct project *p)
{
	/* More students to attend: accounts for 30 students of each of
	 * eight colleges. */
	for (int c = 0; c < 8 && g->npool < 360; c++) {
		int got;
		if (student_accounts(g, college_ids[c], 30, g->pool + g->npool, &got))
			return -1;
		g->npool += got;
	}
	struct store_bulk *regs = store_bulk_new(
	    g->db,
	    "INSERT INTO incubator_registrations (activity_id, account_id, status, registered_at,"
	    " checked_in_at, rating, feedback, feedback_at, is_demo)",
	    9);
	if (!regs)
		return -1;
	char b_act[24], b_acc[24], b_reg[24], b_in[24], b_rate[24], b_fat[24];
	for (int a = 0; a < NACTIVITIES; a++) {
		int past = a < NPAST;
		/* Past ones every ~16 days back over the year; upcoming next weeks. */
		int64_t day = past ? incubator_day(g->now) - 350 + a * 16
		                   : incubator_day(g->now) + 8 + (a - NPAST) * 7;
		int64_t start = day * 86400 - INCUBATOR_TZ_OFFSET + (14 + (a % 2)) * 3600;
		int64_t end = start + (strcmp(activities[a].kind, "camp") ? 2 : 6) * 3600;
		int64_t room = hq->rooms[a % hq->nrooms], id, booking_id;
		int capacity = 120 + pick(g, 60);
		if (INSERT(g, &id,
		           "INSERT INTO incubator_activities (kind, title, description, organiser,"
		           " site_id, room_id, starts_at, ends_at, capacity, status, is_demo,"
		           " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)"
		           " RETURNING id",
		           "ttttiiiiitii", activities[a].kind, activities[a].title,
		           "面向职教城在校生、毕业生和入驻项目团队（演示）",
		           activities[a].organiser, hq->id, room, start, end, (int64_t)capacity,
		           past ? "finished" : "open", start - 30 * 86400, start - 30 * 86400) ||
		    booking(g, room, start, end, activities[a].title, g->admin, "operator", 0, id,
		            &booking_id) ||
		    store_run(g->db, "UPDATE incubator_activities SET booking_id = ? WHERE id = ?",
		              "ii", booking_id, id) != STORE_OK)
			return -1;
		g->counts->inc_activities++;
		/* Who comes: a run of the pool from a place of its own. */
		int n = past ? 105 + pick(g, 35) : 10 + pick(g, 20);
		if (n > capacity)
			n = capacity;
		int from = pick(g, g->npool);
		for (int k = 0; k < n && k < g->npool; k++) {
			int attended = past && pick(g, 10) != 0;
			int rated = attended && pick(g, 3) == 0;
			const char *row[9] = {
			    NUM(b_act, id),
			    NUM(b_acc, g->pool[(from + k) % g->npool]),
			    "registered",
			    NUM(b_reg, start - (int64_t)(1 + pick(g, 20)) * 86400),
			    attended ? NUM(b_in, start + pick(g, 1800)) : NULL,
			    rated ? NUM(b_rate, 3 + pick(g, 3)) : NULL,
			    rated ? "内容实用，希望多办" : NULL,
			    rated ? NUM(b_fat, end + 3600) : NULL,
			    "1"};
			if (store_bulk_add(regs, row)) {
				store_bulk_finish(regs);
				return -1;
			}
			g->counts->inc_attendances += attended;
		}
	}
	if (store_bulk_finish(regs) != STORE_OK)
		return -1;
	/* resident_demo has a place at every upcoming one. */
	return store_run(g->db,
	                 "INSERT INTO incubator_registrations (activity_id, account_id, status,"
	                 " registered_at, is_demo) SELECT id, ?, 'registered', ?, 1 FROM"
	                 " incubator_activities WHERE status = 'open' AND is_demo = 1 ON CONFLICT"
	                 " (activity_id, account_id) DO NOTHING",
	                 "ii", p[0].leader, g->now - 86400) == STORE_OK
	           ? 0
	           : -1;
}

/* ---- sessions, services, milestones ---- */

static int gen_support(struct gen *g, struct project *p, struct site *hq)
{
	static const char *const topics[] = {"商业模式梳理", "融资计划书修改", "股权结构设计",
	                                     "市场推广策略", "专利布局",       "团队分工与管理"};
	static const char *const outcomes[] = {
	    "明确了下季度目标客户群", "计划书增补了财务预测",           "确定了期权池比例",
	    "制定了试点推广方案",     "梳理出两项可申请的实用新型专利", "调整了团队分工"};
	static const struct {
		const char *kind, *title, *status;
	} services[] = {
	    {"capital", "对接天使投资人", "done"},
	    {"technology", "对接学院实验室做材料检测", "done"},
	    {"commercialisation", "专利成果转化评估", "assigned"},
	    {"training", "财务软件使用培训", "done"},
	    {"capital", "申请创业担保贷款", "requested"},
	    {"technology", "对接企业试点应用", "assigned"},
	    {"other", "办理营业执照", "done"},
	    {"capital", "参加投融资对接会", "requested"},
	};
	for (int i = 0; i < 24; i++) {
		int64_t mentor = 0, id;
		if (store_int64(g->db, &mentor,
		                "SELECT mentor_id FROM incubator_mentors WHERE project_id = ?", "i",
		                p[i].id) != STORE_ROW)
			return -1;
		/* Past sessions done and mostly rated; one planned next week. */
		int n = 2 + pick(g, 3);
		for (int k = 0; k <= n; k++) {
			int planned = k == n;
			int64_t start =
			    planned ? g->week + (7 + pick(g, 5)) * 86400 + (10 + pick(g, 6)) * 3600
			            : g->now - (int64_t)(10 + k * 25 + pick(g, 10)) * 86400;
			start -= start % 3600;
			int t = pick(g, 6), rated = !planned && pick(g, 4) != 0;
			if (INSERT(g, &id,
			           "INSERT INTO incubator_mentor_sessions (project_id, mentor_id, "
			           "starts_at,"
			           " ends_at, topic, status, outcome, rating, rating_comment, "
			           "rated_at,"
			           " is_demo, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
			           "?, ?, ?,"
			           " 1, ?, ?) RETURNING id",
			           "iiiitttItIii", p[i].id, mentor, start, start + 3600, topics[t],
			           planned ? "planned" : "done", planned ? NULL : outcomes[t],
			           (int64_t)(rated ? 4 + pick(g, 2) : 0),
			           rated ? "导师很专业" : NULL, rated ? start + 86400 : 0,
			           start - 7 * 86400, start))
				return -1;
		}
		/* Milestones: one done, one ahead. */
		if (store_run(
		        g->db,
		        "INSERT INTO incubator_milestones (project_id, title, due_at, done_at,"
		        " created_at) VALUES (?, '完成产品原型', ?, ?, ?), (?, '获得首批付费客户',"
		        " ?, NULL, ?)",
		        "iiiiiii", p[i].id, p[i].start + 60 * 86400, p[i].start + 55 * 86400,
		        p[i].start, p[i].id, g->now + 60 * 86400, p[i].start) != STORE_OK)
			return -1;
	}
	for (int k = 0; k < (int)(sizeof(services) / sizeof(services[0])); k++) {
		struct project *who = &p[(k * 5) % 24];
		int done = !strcmp(services[k].status, "done");
		int assigned = done || !strcmp(services[k].status, "assigned");
		int64_t at = g->now - (int64_t)(5 + k * 9) * 86400, id;
		if (INSERT(
		        g, &id,
		        "INSERT INTO incubator_services (project_id, kind, title, detail, status,"
		        " requested_by, requested_at, assignee_id, assigned_by, assigned_at, "
		        "done_at,"
		        " result, rating, is_demo, updated_at) VALUES (?, ?, ?, '（演示）', ?, ?, "
		        "?, ?,"
		        " ?, ?, ?, ?, ?, 1, ?) RETURNING id",
		        "itttiiIIIItIi", who->id, services[k].kind, services[k].title,
		        services[k].status, who->leader, at, assigned ? g->mentors[k % 5] : 0,
		        assigned ? g->admin : 0, assigned ? at + 86400 : 0,
		        done ? at + 7 * 86400 : 0, done ? "已完成对接，双方约定后续跟进" : NULL,
		        (int64_t)(done ? 4 + k % 2 : 0), at))
			return -1;
	}
	(void)hq;
	return 0;
}

int demo_incubator(struct store *db, uint64_t seed, const int64_t *college_ids, const char *hash,
                   int64_t now, struct demo_counts *counts)
{
	struct gen g = {.db = db,
	                .rng = (seed ? seed : 1) ^ 0x1cb0a70ULL,
	                .now = now,
	                .week = incubator_week_start(now),
	                .counts = counts};
	struct site hq = {0}, bases[3] = {{0}};
	struct project p[NPROJECTS];
	memset(p, 0, sizeof(p));
	if (store_int64(db, &g.admin, "SELECT id FROM accounts WHERE login = 'admin'", "") !=
	        STORE_ROW ||
	    gen_places(&g, college_ids, &hq, bases) || gen_mentors(&g) ||
	    gen_projects(&g, college_ids, &hq, bases, hash, p) || gen_reports(&g, p) ||
	    gen_bookings(&g, &hq, bases, p) || gen_activities(&g, college_ids, &hq, p) ||
	    gen_support(&g, p, &hq))
		return -1;
	for (int b = 0; b < 3; b++)
		counts->inc_base_projects[b] = bases[b].projects;
	counts->inc_projects = 24;
	return 0;
}
