/*
 * demo_competition: the article's edition of the 清远高新杯 in the demo data.
 *
 * 300+ teams from 10 colleges in the four tracks, each with members (some
 * from another college), advisors, a business plan (a small generated PDF
 * in the files directory) and, for some, a sponsoring enterprise; a few
 * stragglers (submitted but never endorsed, ineligible with reasons,
 * withdrawn); 60 judges of colleges, enterprises and investors with their
 * tracks and a few declared conflicts, judge_demo and mentor_demo among
 * them.  Then the rounds run through the domain services, as an operator
 * would run them: 初赛 assigned (assign_solve), scored by every judge and
 * promoted; 复赛 assigned and scored except judge_demo's teams (two drafts,
 * the rest to do), so the demo judge has work and the operator can promote
 * once it is done; 决赛 a roadshow set up with its sheet and prizes.
 *
 * Teams are written with bulk inserts like the rest of the demo (their
 * students have no accounts to act through); every later step calls the
 * competition's own functions inside the demo's transaction.  Scores follow
 * a model: a team's quality, a judge's leniency, noise per pair, all from
 * the demo's seed, so the normalised results differ from the raw means as
 * they do in a real round.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/filestore.h"
#include "base/util.h"
#include "base/vec.h"
#include "domain/account.h"
#include "domain/competition.h"
#include "domain/demo.h"

#define COLLEGES 10
#define EXTRA    13 /* stragglers beyond the teams that entered 初赛 */

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static const char *const tracks[] = {"新材料", "智能制造", "文化创意", "生物科技"};
static const char *const cores[4][8] = {
    {"石墨烯导热膜", "稀土永磁回收", "高分子阻燃材料", "陶瓷基复合材料", "锂电正极材料",
     "可降解包装材料", "纳米防腐涂层", "碳纤维轻量化部件"},
    {"智能分拣机器人", "工业视觉检测", "数控机床远程运维", "AGV 调度系统", "设备预测性维护",
     "柔性装配线", "焊缝质量检测", "产线数字孪生"},
    {"瑶绣文创", "英石文化研学", "清远鸡品牌设计", "非遗剪纸数字馆", "北江民宿设计",
     "客家围屋 VR 导览", "连州地下河文旅", "岭南茶文化 IP"},
    {"麻鸡疫苗佐剂", "食用菌深加工", "南药有效成分提取", "益生菌饲料", "植物组培快繁",
     "水质生物检测", "农残快速检测", "功能性食品开发"},
};
static const char *const prefixes[] = {"智慧", "绿色", "新一代", "高效", "低成本", "便携式"};
static const char *const suffixes[] = {"研发与产业化", "创业项目", "应用推广", "服务平台"};
/* Teams per college (the article: 300+ from 10 colleges). */
static const int college_teams[COLLEGES] = {46, 40, 36, 34, 32, 30, 28, 24, 22, 20};
static const char surnames[][4] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                   "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "梁"};

struct cgen {
	struct store *db;
	uint64_t rng;
	int64_t now;
	struct actor op;
	int64_t edition, track_ids[4], round[3];
	const int64_t *colleges;
	VEC(int64_t) students[COLLEGES];
	size_t next_student[COLLEGES];
	VEC(int64_t) enterprises;
	VEC(int64_t) team_ids;
	VEC(double) quality;
	int64_t judge_demo, mentor_demo, college_demo, student_demo;
	struct demo_counts *counts;
};

#define NUM(buf, v) (snprintf(buf, sizeof(buf), "%lld", (long long)(v)), buf)

static int load_people(struct cgen *g, int year)
{
	int rc;
	struct store_stmt *st =
	    store_query(g->db,
	                "SELECT id, college_id FROM students WHERE is_demo = 1 AND"
	                " closed_at IS NULL AND (grad_year IS NULL OR grad_year"
	                " >= ?) ORDER BY id",
	                "i", (int64_t)year);
	while (st && (rc = store_step(st)) == STORE_ROW) {
		int64_t col = store_column_int64(st, 1);
		for (int c = 0; c < COLLEGES; c++)
			if (g->colleges[c] == col &&
			    VEC_PUSH(&g->students[c], store_column_int64(st, 0)))
				rc = STORE_ERROR;
	}
	store_finalize(st);
	if (!st || rc != STORE_DONE)
		return -1;
	st =
	    store_query(g->db,
	                "SELECT id FROM organizations WHERE kind = 'enterprise' AND is_demo = 1 AND"
	                " status = 'active' AND in_zone = 1 ORDER BY id LIMIT 40",
	                "");
	while (st && (rc = store_step(st)) == STORE_ROW)
		if (VEC_PUSH(&g->enterprises, store_column_int64(st, 0)))
			rc = STORE_ERROR;
	store_finalize(st);
	return !st || rc != STORE_DONE || !g->enterprises.n ? -1 : 0;
}

/* The next unused student of college c, or 0 when it has none left. */
static int64_t take_student(struct cgen *g, int c)
{
	while (g->next_student[c] < g->students[c].n) {
		int64_t id = g->students[c].v[g->next_student[c]++];
		if (id != g->student_demo)
			return id;
	}
	return 0;
}

/* A one-page PDF naming the project (ASCII only: no fonts needed). */
static int plan_file(struct cgen *g, int64_t team, char sha[65], size_t *len)
{
	char body[512];
	int n = snprintf(
	    body, sizeof(body),
	    "%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
	    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
	    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
	    "%% Skyway demo business plan, team %lld\ntrailer << /Root 1 0 R >>\n%%%%EOF\n",
	    (long long)team);
	*len = (size_t)n;
	if (!filestore_dir())
		return 1; /* no files directory: the team has no plan file */
	return filestore_put(body, (size_t)n, sha);
}

/* Teams with members, advisors, plans; statuses as after 资格审查. */
static int gen_teams(struct cgen *g)
{
	struct store_bulk *bt = store_bulk_new(
	    g->db,
	    "INSERT INTO comp_teams (id, edition_id, track_id, name, summary, leader_id,"
	    " college_id, sponsor_id, video_url, status, plan_sha256, plan_size, plan_name, "
	    "plan_at,"
	    " reasons, submitted_at, endorsed_at, checked_at, is_demo, created_at, updated_at)",
	    21);
	struct store_bulk *bm = store_bulk_new(g->db,
	                                       "INSERT INTO comp_members (team_id, student_id,"
	                                       " edition_id, is_leader, status, invited_at,"
	                                       " answered_at)",
	                                       7);
	struct store_bulk *ba = store_bulk_new(
	    g->db, "INSERT INTO comp_advisors (team_id, seq, account_id, name, college_id, title)",
	    6);
	if (!bt || !bm || !ba)
		return -1;
	store_bulk_parent(bm, bt);
	store_bulk_parent(ba, bt);
	int64_t first = 0;
	if (store_int64(g->db, &first, "SELECT COALESCE(MAX(id), 0) + 1 FROM comp_teams", "") !=
	    STORE_ROW)
		return -1;
	char used[4][6][8][4] = {{{{0}}}};
	int64_t id = first;
	static const char *const titles[] = {"讲师", "副教授", "教授", "高级工程师"};
	for (int c = 0; c < COLLEGES; c++) {
		int want = college_teams[c] + (c < EXTRA ? 1 : 0);
		for (int k = 0; k < want; k++, id++) {
			int extra =
			    k == want - 1 && c < EXTRA; /* the last of some colleges: a straggler */
			int64_t leader = c == 0 && k == 0 && g->student_demo ? g->student_demo
			                                                     : take_student(g, c);
			if (!leader)
				break;
			int tr = (int)(rnd(&g->rng) % 4), p, s, co, tries = 0;
			do { /* a name not taken in the track */
				p = (int)(rnd(&g->rng) % 6), co = (int)(rnd(&g->rng) % 8);
				s = (int)(rnd(&g->rng) % 4);
			} while (used[tr][p][co][s] && ++tries < 200);
			if (used[tr][p][co][s])
				break;
			used[tr][p][co][s] = 1;
			char name[160], summary[600], ib[24], eb[24], tb[24], lb[24], cb[24],
			    spb[24];
			char sha[65], szb[24], planb[24], createdb[24], subb[24], endb[24];
			snprintf(name, sizeof(name), "%s%s%s", prefixes[p], cores[tr][co],
			         suffixes[s]);
			snprintf(summary, sizeof(summary),
			         "（演示）团队围绕“%s”开展%"
			         "s，面向清远高新区企业需求，已完成样品或方案验证，"
			         "计划依托凤翔谷孵化基地落地。",
			         cores[tr][co], suffixes[s]);
			size_t len = 0;
			int has_plan = plan_file(g, id, sha, &len) == 0;
			const char *status = "eligible", *reasons = "[]";
			if (extra)
				switch (c % 4) {
				case 0:
					status = "submitted";
					break;
				case 1:
					status = "ineligible";
					reasons = "[{\"code\":\"one_team\",\"message\":"
					          "\"成员已参加本届其他团队\"}]";
					break;
				case 2:
					status = "withdrawn";
					break;
				default:
					status = "endorsed";
				}
			int64_t created =
			    g->now - 95 * 86400 + (int64_t)(rnd(&g->rng) % (15 * 86400));
			int sponsored = rnd(&g->rng) % 10 == 0,
			    endorsed = strcmp(status, "submitted") != 0;
			NUM(planb, created + 86400);
			NUM(createdb, created);
			NUM(subb, created + 3 * 86400);
			NUM(endb, created + 6 * 86400);
			const char *row[21] = {
			    NUM(ib, id),
			    NUM(eb, g->edition),
			    NUM(tb, g->track_ids[tr]),
			    name,
			    summary,
			    NUM(lb, leader),
			    NUM(cb, g->colleges[c]),
			    sponsored ? NUM(spb, g->enterprises.v[rnd(&g->rng) % g->enterprises.n])
			              : NULL,
			    rnd(&g->rng) % 3 ? "https://video.example.cn/skyway-demo" : NULL,
			    status,
			    has_plan ? sha : NULL,
			    has_plan ? NUM(szb, len) : NULL,
			    has_plan ? "plan.pdf" : NULL,
			    has_plan ? planb : NULL,
			    reasons,
			    subb,
			    endorsed ? endb : NULL,
			    endorsed ? endb : NULL,
			    "1",
			    createdb,
			    endorsed ? endb : subb};
			store_bulk_add(bt, row);
			/* The leader and 1-4 members, one in six from another college. */
			int members = 1 + (int)(rnd(&g->rng) % 4);
			for (int m = 0; m <= members; m++) {
				int mc = m && rnd(&g->rng) % 6 == 0
				             ? (c + 1 + (int)(rnd(&g->rng) % 9)) % COLLEGES
				             : c;
				int64_t sid = m ? take_student(g, mc) : leader;
				if (!sid)
					continue;
				char sb[24], inv[24];
				const char *mrow[7] = {ib,
				                       NUM(sb, sid),
				                       eb,
				                       m ? "0" : "1",
				                       strcmp(status, "withdrawn") ? "accepted"
				                                                   : "left",
				                       NUM(inv, created),
				                       inv};
				store_bulk_add(bm, mrow);
			}
			int advisors = 1 + (int)(rnd(&g->rng) % 2);
			for (int v = 0; v < advisors; v++) {
				char seq[4], an[32], acc[24];
				int demo_adv = c == 0 && v == 0 && k % 9 == 0 && g->college_demo;
				snprintf(an, sizeof(an), "%s老师", surnames[rnd(&g->rng) % 20]);
				const char *arow[6] = {ib,
				                       NUM(seq, v + 1),
				                       demo_adv ? NUM(acc, g->college_demo) : NULL,
				                       demo_adv ? "李老师（就业办）" : an,
				                       cb,
				                       titles[rnd(&g->rng) % 4]};
				store_bulk_add(ba, arow);
			}
			if (!extra) {
				/* Quality in 55-90, with a little help for student_demo's team. */
				double q = 55 + (double)(rnd(&g->rng) % 3500) / 100.0;
				if (leader == g->student_demo)
					q = 88;
				if (VEC_PUSH(&g->team_ids, id) || VEC_PUSH(&g->quality, q))
					return -1;
			}
			g->counts->comp_teams += strcmp(status, "withdrawn") != 0;
		}
	}
	int rc1 = store_bulk_finish(bm), rc2 = store_bulk_finish(ba), rc3 = store_bulk_finish(bt);
	if (rc1 || rc2 || rc3 || store_sync_ids(g->db, "comp_teams"))
		return -1;
	/* mentor_demo mentors four teams of 生物科技 (a known conflict). */
	return store_run(g->db,
	                 "INSERT INTO comp_team_mentors (team_id, account_id) SELECT id, ? FROM"
	                 " comp_teams WHERE edition_id = ? AND track_id = ? AND status = 'eligible'"
	                 " ORDER BY id LIMIT 4",
	                 "iii", g->mentor_demo, g->edition, g->track_ids[3]) == STORE_OK
	           ? 0
	           : -1;
}

/* 60 judges (no password: demo accounts to look at, not to log in as) plus
 * judge_demo and mentor_demo; tracks; a few declared conflicts. */
static int gen_judges(struct cgen *g)
{
	static const char *const honor[] = {"教授", "博士", "总经理", "高级工程师", "投资总监"};
	VEC(int64_t) accounts = VEC_INIT;
	int rc = 0;
	for (int i = 0; i < 60 && !rc; i++) {
		char login[24], name[48];
		int64_t acc = 0;
		snprintf(login, sizeof(login), "judge%02d", i + 1);
		snprintf(name, sizeof(name), "%s%s（评委）", surnames[(i * 7 + 3) % 20],
		         honor[i % 5]);
		rc = account_insert(g->db, login, NULL, "judge", name, 0, NULL, 1, &acc) !=
		         STORE_OK ||
		     VEC_PUSH(&accounts, acc);
	}
	rc = rc || VEC_PUSH(&accounts, g->judge_demo) || VEC_PUSH(&accounts, g->mentor_demo);
	for (size_t i = 0; i < accounts.n && !rc; i++) {
		struct derr e = {0};
		int64_t tr[2], judge = 0;
		size_t nt = 1;
		tr[0] = g->track_ids[i % 4];
		if (rnd(&g->rng) % 2)
			tr[nt++] = g->track_ids[(i + 1 + rnd(&g->rng) % 3) % 4];
		struct comp_judge_in in = {
		    .account_id = accounts.v[i], .tracks = tr, .n_tracks = nt};
		if (i < 20) {
			in.college_id = g->colleges[i % COLLEGES];
			in.title = "副教授（院校评委）";
		} else if (i < 45) {
			in.enterprise_id = g->enterprises.v[i % g->enterprises.n];
			in.title = "企业专家";
		} else {
			in.title = "投资人 / 国赛评委";
		}
		if (accounts.v[i] == g->judge_demo) {
			tr[0] = g->track_ids[1], tr[1] = g->track_ids[0], in.n_tracks = 2;
			in.title = "教授（国赛评委）";
		} else if (accounts.v[i] == g->mentor_demo) {
			tr[0] = g->track_ids[3], in.n_tracks = 1;
			in.title = "创业导师";
		}
		rc = comp_judge_invite(g->db, &g->op, g->edition, &in, &judge, &e) ||
		     store_run(
		         g->db,
		         "UPDATE comp_judges SET status = 'active', answered_at = ? WHERE id = ?",
		         "ii", g->now - 80 * 86400, judge) != STORE_OK;
		/* One judge in four knows a team personally or advised it. */
		if (!rc && i % 4 == 1) {
			int64_t team = g->team_ids.v[rnd(&g->rng) % g->team_ids.n], cid = 0;
			rc = comp_conflict_declare(g->db, &g->op, judge, team,
			                           i % 8 == 1 ? "advised" : "personal",
			                           "演示：本人申报", &cid, &e);
		}
		if (rc)
			log_error("demo competition: judge %zu: %s", i,
			          e.detail[0] ? e.detail : "");
	}
	g->counts->comp_judges = (int64_t)accounts.n;
	VEC_FREE(&accounts);
	return rc ? -1 : 0;
}

static int make_round(struct cgen *g, int k, const char *name, const char *kind, int64_t start,
                      int per_team, int is_final, const struct comp_criterion *sheet,
                      const struct comp_quota_in *q)
{
	struct derr e = {0};
	struct comp_round_in in = {name,     kind, start, start + 15 * 86400,
	                           per_team, 480,  1000,  is_final};
	struct comp_quota_in quotas[4];
	for (int t = 0; t < 4; t++) {
		quotas[t] = *q;
		quotas[t].track_id = g->track_ids[t];
	}
	if (comp_round_create(g->db, &g->op, g->edition, &in, &g->round[k], &e) ||
	    comp_round_sheet_set(g->db, &g->op, g->round[k], sheet, NULL, 5, &e) ||
	    comp_round_quotas_set(g->db, &g->op, g->round[k], quotas, 4, &e)) {
		log_error("demo competition: round %s: %s %s", name, e.message ? e.message : "",
		          e.detail);
		return -1;
	}
	return 0;
}

/* Scores of every assigned pair of a round but skip_judge's (two drafts, the
 * rest left to do): quality of the team, leniency of the judge, noise of
 * the pair. */
static int gen_scores(struct cgen *g, int64_t round, int64_t at, int64_t skip_judge)
{
	int64_t crit[5], weight[5];
	int n = 0, rc;
	struct store_stmt *st = store_query(
	    g->db, "SELECT id, weight FROM comp_criteria WHERE round_id = ? ORDER BY seq", "i",
	    round);
	while (st && (rc = store_step(st)) == STORE_ROW && n < 5) {
		crit[n] = store_column_int64(st, 0);
		weight[n++] = store_column_int64(st, 1);
	}
	store_finalize(st);
	struct store_bulk *b = store_bulk_new(
	    g->db,
	    "INSERT INTO comp_scores (round_id, team_id, judge_id, status, marks, total_x100,"
	    " complete, comment, created_at, updated_at, submitted_at)",
	    11);
	st = store_query(g->db,
	                 "SELECT x.team_id, x.judge_id FROM comp_assignments x WHERE x.round_id = ?"
	                 " ORDER BY x.team_id, x.judge_id",
	                 "i", round);
	if (!b || !st || n != 5)
		return -1;
	static const char *const comments[] = {"技术路线清晰，市场分析需加强", "团队分工明确",
	                                       "商业模式可行，建议补充财务测算", "社会价值突出",
	                                       "创新点不够聚焦"};
	int drafts = 0;
	char rb[24], tb[24], jb[24], xb[24], ab[24];
	while ((rc = store_step(st)) == STORE_ROW) {
		int64_t team = store_column_int64(st, 0), judge = store_column_int64(st, 1);
		if (judge == skip_judge && drafts >= 2)
			continue; /* judge_demo's work still to do */
		size_t ti = 0;
		while (ti < g->team_ids.n && g->team_ids.v[ti] != team)
			ti++;
		double q = ti < g->quality.n ? g->quality.v[ti] : 70;
		double lenient = (double)((judge * 2654435761u) % 17) - 8;
		double target = q + lenient + (double)(rnd(&g->rng) % 11) - 5;
		struct buf marks = BUF_INIT;
		int64_t total = 0;
		buf_addch(&marks, '{');
		for (int k = 0; k < 5; k++) {
			int tenths = (int)(target + (double)(rnd(&g->rng) % 9) - 4);
			tenths = tenths < 10 ? 10 : tenths > 100 ? 100 : tenths;
			buf_addf(&marks, "%s\"%lld\":%d", k ? "," : "", (long long)crit[k], tenths);
			total += weight[k] * tenths;
		}
		buf_addch(&marks, '}');
		int draft = judge == skip_judge;
		drafts += draft;
		const char *row[11] = {NUM(rb, round),
		                       NUM(tb, team),
		                       NUM(jb, judge),
		                       draft ? "draft" : "submitted",
		                       marks.data,
		                       NUM(xb, total),
		                       "1",
		                       comments[rnd(&g->rng) % 5],
		                       NUM(ab, at),
		                       ab,
		                       draft ? NULL : ab};
		store_bulk_add(b, row);
		buf_release(&marks);
	}
	store_finalize(st);
	return store_bulk_finish(b) == STORE_OK && rc == STORE_DONE ? 0 : -1;
}

static int lookup(struct store *db, const char *login, int64_t *id)
{
	*id = 0;
	int rc = store_int64(db, id, "SELECT id FROM accounts WHERE login = ?", "t", login);
	return rc == STORE_ROW || rc == STORE_DONE ? 0 : -1;
}

int demo_competition(struct store *db, uint64_t seed, const int64_t *college_ids, int64_t now,
                     struct demo_counts *counts)
{
	struct cgen g = {.db = db,
	                 .rng = seed * 0x9E3779B97F4A7C15ULL | 1,
	                 .now = now,
	                 .colleges = college_ids,
	                 .counts = counts};
	struct derr e = {0};
	int rc = -1, year = 1970 + (int)(now / 31556952);
	json_t *out = NULL;
	if (lookup(db, "admin", &g.op.id) || lookup(db, "judge_demo", &g.judge_demo) ||
	    lookup(db, "mentor_demo", &g.mentor_demo) ||
	    lookup(db, "college_demo", &g.college_demo))
		return -1;
	g.op.role = ROLE_OPERATOR;
	snprintf(g.op.login, sizeof(g.op.login), "admin");
	g.op.address = "demo";
	if (store_int64(db, &g.student_demo,
	                "SELECT s.id FROM students s JOIN accounts a ON a.id = s.account_id WHERE"
	                " a.login = 'student_demo' AND (s.grad_year IS NULL OR s.grad_year >= ?)",
	                "i", (int64_t)year) == STORE_ERROR ||
	    load_people(&g, year))
		goto out;
	struct comp_edition_in ed = {
	    .name = "第一届清远高新杯大学生创新创业大赛（演示）",
	    .year = year,
	    .submit_deadline = now - 75 * 86400,
	    .endorse_deadline = now - 70 * 86400,
	    .min_members = 1,
	    .max_members = 5,
	    .appeal_days = 3,
	    .description =
	        "清远高新区与省职教城联合举办；赛道：新材料、智能制造、文化创意、生物科技；"
	        "一等奖团队获凤翔谷孵化基地免费办公场地、物业费减免及创业补贴。",
	    .tracks = tracks,
	    .n_tracks = 4};
	if (comp_edition_create(db, &g.op, &ed, &g.edition, &e) ||
	    comp_edition_status(db, &g.op, g.edition, "open", &e) ||
	    comp_edition_status(db, &g.op, g.edition, "judging", &e))
		goto out;
	for (int t = 0; t < 4; t++)
		if (store_int64(db, &g.track_ids[t],
		                "SELECT id FROM comp_tracks WHERE edition_id = ? AND name = ?",
		                "it", g.edition, tracks[t]) != STORE_ROW)
			goto out;
	struct comp_anchor an[] = {
	    {90, "原创技术或模式，有壁垒"}, {60, "有改进，可复制"}, {30, "创新点不明确"}};
	struct comp_criterion online[] = {{"创新性", 20, an, 3},
	                                  {"团队", 20, NULL, 0},
	                                  {"商业价值", 25, NULL, 0},
	                                  {"社会价值", 15, NULL, 0},
	                                  {"教育成效", 20, NULL, 0}};
	struct comp_criterion stage[] = {{"创新性", 20, an, 3},
	                                 {"团队", 20, NULL, 0},
	                                 {"商业价值", 25, NULL, 0},
	                                 {"社会价值", 15, NULL, 0},
	                                 {"路演表现", 20, NULL, 0}};
	struct comp_quota_in q1 = {.quota = 20}, q2 = {.quota = 6},
	                     q3 = {.quota = 1, .first = 1, .second = 1, .third = 2, .merit = 2};
	if (gen_teams(&g) || gen_judges(&g) ||
	    make_round(&g, 0, "初赛", "online", now - 60 * 86400, 5, 0, online, &q1) ||
	    make_round(&g, 1, "复赛", "online", now - 10 * 86400, 5, 0, online, &q2) ||
	    make_round(&g, 2, "决赛", "roadshow", now + 20 * 86400, 7, 1, stage, &q3))
		goto out;
	if (comp_round_assign(db, &g.op, g.round[0], &out, &e))
		goto out;
	json_decref(out), out = NULL;
	if (gen_scores(&g, g.round[0], now - 50 * 86400, 0) ||
	    comp_round_promote(db, &g.op, g.round[0], &out, &e))
		goto out;
	json_decref(out), out = NULL;
	if (comp_round_assign(db, &g.op, g.round[1], &out, &e))
		goto out;
	json_decref(out), out = NULL;
	int64_t demo_judge = 0; /* judge_demo's record in the edition (not the account) */
	if (store_int64(db, &demo_judge,
	                "SELECT id FROM comp_judges WHERE edition_id = ? AND account_id = ?", "ii",
	                g.edition, g.judge_demo) != STORE_ROW ||
	    gen_scores(&g, g.round[1], now - 3 * 86400, demo_judge))
		goto out;
	rc = 0;
out:
	if (rc)
		log_error("demo competition: %s %s", e.message ? e.message : "", e.detail);
	json_decref(out);
	for (int c = 0; c < COLLEGES; c++)
		VEC_FREE(&g.students[c]);
	VEC_FREE(&g.enterprises);
	VEC_FREE(&g.team_ids);
	VEC_FREE(&g.quality);
	return rc;
}
