#include "demo/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/account.h"
#include "domain/claim.h"
#include "domain/credit_code.h"
#include "demo/demo_coop.h"
#include "domain/password.h"
#include "domain/pii.h"
#include "domain/position_text.h"
#include "domain/recruit.h"

const struct demo_login demo_logins[] = {
    {"admin", "operator", "平台运营 platform operator (links a 2FA app at first login)"},
    {"college_demo", "college", "院校就业办 college staff"},
    {"hr_demo", "enterprise", "企业HR (verified enterprise)"},
    {"hr_pending", "enterprise", "企业HR (enterprise awaiting approval)"},
    {"student_demo", "student", "学生 student"},
    {"judge_demo", "judge", "评委 judge"},
    {"mentor_demo", "mentor", "导师 mentor"},
    {"resident_demo", "student", "入驻项目学生 resident of the incubator"},
    {"officer_demo", "officer", "政务 officer (links a 2FA app at first login)"},
    {NULL, NULL, NULL},
};

static const char *const colleges[][2] = {
    {"广东建设职业技术学院（清远校区）", "13944"},
    {"广东科贸职业学院", "12620"},
    {"广东工程职业技术学院", "14056"},
    {"清远职业技术学院", "12951"},
    {"广东华南工商职业技术学院", "13709"},
    {"广东岭南职业技术学院", "12617"},
    {"广东财贸职业学院", "14588"},
    {"广东工贸职业技术学院", "10830"},
    {"广东生态工程职业学院", "13710"},
    {"广东交通职业技术学院（清远校区）", "11931"},
    {"广东环境保护工程职业学院", "13712"},
};

/* The fields each college is known for (major categories, by prefix):
 * three in four of its students study one of them. */
static const char *const college_fields[] = {
    "44", "53 54",    "46 51", "46 52 53", "53 51", "51 54 55",
    "53", "46 51 43", "47 49", "50",       "47 43",
};

/* An enterprise's trade: its GB/T 4754 division (国民经济行业大类) and the
 * major categories it hires from (by prefix), so that its positions ask
 * for majors and skills of its own field. */
struct trade {
	const char *name, *division, *fields;
};

/* The zone's enterprises named in the article, in their true industry. */
static const struct trade enterprises[] = {
    {"广东聚石化学股份有限公司", "26", "47 46"}, /* plant upkeep: 机电 too (hr_demo, student_demo) */
    {"广东容大生物股份有限公司", "27", "47 49"},
    {"清远戈兰迪高分子材料有限公司", "29", "47 48"},
    {"金禄电子科技股份有限公司", "39", "51 46"},
    {"清远华饮食品有限公司", "15", "49"},
    {"广东天瞳科技有限公司", "65", "51"},
    {"清远亿源通科技有限公司", "39", "51 46"},
    {"蒙牛乳业（清远）有限公司", "14", "49 53"},
    {"清远敏实汽车零部件有限公司", "36", "46 50"},
    {"广东先导稀材股份有限公司", "32", "43 47"},
    {"清远凯荣德电子专用材料有限公司", "39", "51 43"},
    {"清远佳致新材料研究院有限公司", "73", "43 47"},
};

static const char surnames[][4] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                   "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "梁"};
/* Given names by gender (男 first, 女 second): a student's name fits the
 * gender on the record. */
static const char *const given[2][14] = {
    {"伟", "强", "磊", "洋", "勇", "军", "杰", "涛", "明", "超", "刚", "浩然", "思远", "梓轩"},
    {"芳", "娜", "敏", "静", "丽", "艳", "娟", "秀英", "霞", "桂英", "子涵", "雨欣", "嘉怡", "婷"},
};

static void person_name(uint64_t *rng, char *out, size_t n);
static void gendered_name(uint64_t *rng, int female, char *out, size_t n);

/* xorshift64*: the same seed gives the same data on every machine. */
static uint64_t next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

uint64_t demo_next(uint64_t *state)
{
	return next(state);
}

void demo_person_name(uint64_t *rng, char *out, size_t n)
{
	person_name(rng, out, n);
}

static void person_name(uint64_t *rng, char *out, size_t n)
{
	gendered_name(rng, (int)(next(rng) % 2), out, n);
}

/* A name whose given name is of the gender (female 0: 男, 1: 女). */
static void gendered_name(uint64_t *rng, int female, char *out, size_t n)
{
	const char *surname = surnames[next(rng) % 20];
	snprintf(out, n, "%s%s", surname, given[female][next(rng) % 14]);
}

/* A valid unified social credit code: 91 (enterprise, industry and
 * commerce) + 441800 (Qingyuan) + 9 random + check. */
static void credit_code(uint64_t *rng, char out[19])
{
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	memcpy(out, "91441800", 8);
	for (int i = 8; i < 17; i++)
		out[i] = alphabet[next(rng) % 31];
	out[17] = credit_code_check_char(out);
	out[18] = '\0';
}

static int add_account(struct store *db, const char *login, const char *hash, const char *role,
                       const char *name, int64_t org, const char *student_no)
{
	int64_t id;
	return account_insert(db, login, hash, role, name, org, student_no, 1, &id);
}

/* ---- the full-scale part: reference data read back from the dictionaries ---- */

struct demo_dicts {
	char **majors; /* 6-digit codes */
	char **major_names;
	int nmajors;
	char **skills;
	char **skill_groups;
	int nskills;
	char **cities;
	int ncities;
};

static int load_column(struct store *db, const char *sql, char ***out, char ***out2, int *n)
{
	struct store_stmt *st = store_query(db, sql, "");
	int cap = 0;
	*n = 0;
	if (!st)
		return -1;
	while (store_step(st) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			*out = realloc(*out, (size_t)cap * sizeof(char *));
			if (out2)
				*out2 = realloc(*out2, (size_t)cap * sizeof(char *));
		}
		(*out)[*n] = strdup(store_column_text(st, 0));
		if (out2)
			(*out2)[*n] = strdup(store_column_text(st, 1));
		(*n)++;
	}
	store_finalize(st);
	return 0;
}

static void free_column(char **v, int n)
{
	for (int i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

static void dicts_release(struct demo_dicts *d)
{
	free_column(d->majors, d->nmajors);
	free_column(d->major_names, d->nmajors);
	free_column(d->skills, d->nskills);
	free_column(d->skill_groups, d->nskills);
	free_column(d->cities, d->ncities);
}

/* Majors of the categories a high-tech zone hires from most. */
static int dicts_load(struct store *db, struct demo_dicts *d)
{
	memset(d, 0, sizeof(*d));
	if (load_column(
	        db,
	        "SELECT code, name FROM dict_majors WHERE level = 'major' AND edu_level = 'gz' AND"
	        " substr(code, 1, 2) IN ('46', '51', '53', '44', '47', '50', '49', '48', '43',"
	        " '55', '52', '54') ORDER BY code",
	        &d->majors, &d->major_names, &d->nmajors) ||
	    load_column(db, "SELECT id, grp FROM dict_skills ORDER BY id", &d->skills,
	                &d->skill_groups, &d->nskills) ||
	    load_column(db, "SELECT code FROM dict_cities ORDER BY code", &d->cities, NULL,
	                &d->ncities))
		return -1;
	return d->nmajors && d->nskills && d->ncities ? 0 : -1;
}

/* Skill groups that fit a major category (by its 2-digit code): only 通用
 * 能力 fits every major (a language is a skill of 旅游 majors, not of 机电). */
static int skill_fits(const char *group, const char *major)
{
	static const char *const fit[][2] = {
	    {"46", "机械制造 电气自动化 质量管理 安全生产 汽车 材料"},
	    {"51", "软件开发 电子信息 网络运维 数据分析 办公软件"},
	    {"53", "财务会计 电子商务 市场营销 物流 办公软件 数据分析"},
	    {"44", "建筑施工 设计 安全生产"},
	    {"47", "化工 生物医药 质量管理 安全生产"},
	    {"49", "食品 生物医药 质量管理"},
	    {"48", "设计 材料 质量管理"},
	    {"50", "物流 汽车 安全生产"},
	    {"43", "新能源 电气自动化 材料"},
	    {"55", "设计 市场营销"},
	    {"52", "医疗护理 生物医药"},
	    {"54", "旅游酒店 语言 市场营销"},
	};
	if (!strcmp(group, "通用能力"))
		return 1;
	for (size_t i = 0; i < sizeof(fit) / sizeof(fit[0]); i++)
		if (!strncmp(major, fit[i][0], 2))
			return strstr(fit[i][1], group) != NULL;
	return 0;
}

/* Picks n distinct skills fitting major into out (indices); returns count. */
static int pick_skills(uint64_t *rng, const struct demo_dicts *d, const char *major, int n,
                       int *out)
{
	int got = 0;
	for (int tries = 0; got < n && tries < 400; tries++) {
		int k = (int)(next(rng) % (uint64_t)d->nskills);
		if (!skill_fits(d->skill_groups[k], major))
			continue;
		int dup = 0;
		for (int i = 0; i < got; i++)
			dup |= out[i] == k;
		if (!dup)
			out[got++] = k;
	}
	return got;
}

static const char *const brand[] = {"华", "粤", "清", "锦", "宏", "鼎", "新", "恒", "远", "达",
                                    "瑞", "嘉", "联", "盛", "中", "凯", "创", "科", "泰", "润",
                                    "英", "明", "汇", "德", "伟", "兴", "安", "信", "康", "美"};
/* The trade words of generated enterprise names, each in its industry. */
static const struct trade trade[] = {
    {"精密机械", "34", "46"},    {"电子科技", "39", "51 46"},   {"新材料", "30", "43 47"},
    {"智能装备", "35", "46"},    {"化工", "26", "47"},          {"食品", "14", "49"},
    {"生物科技", "27", "47 49"}, {"汽车零部件", "36", "46 50"}, {"电气", "38", "46 43"},
    {"塑胶制品", "29", "47 48"}, {"物流", "59", "53 50"},       {"软件", "65", "51"},
    {"建设工程", "48", "44"},    {"环保科技", "77", "47 43"},   {"医药", "27", "52 47"},
    {"光电", "39", "51 46"},     {"陶瓷", "30", "43 48"},       {"纺织", "17", "48"},
    {"信息技术", "65", "51"},    {"电商", "52", "53 55"},
};
static const char *const place[] = {"清远", "广州", "佛山", "东莞", "深圳", "肇庆", "中山"};
static const char *const job_suffix[] = {"技术员", "工程师助理", "操作员", "储备干部",
                                         "专员",   "实习生",     "管培生", "助理"};

struct demo_gen {
	struct store *db;
	uint64_t rng;
	double scale;
	struct demo_dicts d;
	int64_t *college_ids;
	int ncolleges;
	int64_t *ent_ids;
	const char **ent_fields; /* per enterprise: the major categories it hires */
	int nents;
	/* per position: its accepted code and enterprise (for applications) */
	char (*pos_code)[8];
	int64_t *pos_ent;
	int *pos_headcount;
	int64_t first_position;
	int npositions;
	int64_t first_student;
	int nstudents;
	char (*stu_major)[8];
	struct demo_counts *counts;
};

#define NUM(buf, v) (snprintf(buf, sizeof(buf), "%lld", (long long)(v)), buf)

static int gen_enterprises(struct demo_gen *g, int64_t now)
{
	char name[128], code[19], contact[32];
	int total = (int)(517 * g->scale + 0.5);
	if (total < 12)
		total = 12;
	g->ent_ids = calloc((size_t)total, sizeof(int64_t));
	g->ent_fields = calloc((size_t)total, sizeof(*g->ent_fields));
	if (!g->ent_ids || !g->ent_fields)
		return -1;
	for (int i = 0; i < total; i++) {
		const struct trade *t = &enterprises[i % 12];
		if (i < 12) {
			snprintf(name, sizeof(name), "%s（演示）", t->name);
		} else {
			const char *where = place[next(&g->rng) % 7],
			           *b1 = brand[next(&g->rng) % 30], *b2 = brand[next(&g->rng) % 30];
			t = &trade[next(&g->rng) % 20];
			snprintf(name, sizeof(name), "%s%s%s%s有限公司（演示）", where, b1, b2,
			         t->name);
		}
		credit_code(&g->rng, code);
		person_name(&g->rng, contact, sizeof(contact));
		int64_t id;
		int rc =
		    org_insert(g->db, "enterprise", name, NULL, code, "active", contact, 1, &id);
		if (rc == STORE_UNIQUE) { /* a generated name or code repeated: skip it */
			continue;
		} else if (rc != STORE_OK) {
			return -1;
		}
		/* The 12 named in the article and about a fifth of the rest are
		 * in the zone: 100+ in all, as at the article's fair. */
		int in_zone = i < 12 || i % 5 == 0;
		const char *division = t->division;
		const char *size[] = {"50人以下", "50-299人", "300-999人", "1000人以上"};
		if (store_run(g->db,
		              "UPDATE organizations SET industry_code = ?, in_zone = ?, size = ?,"
		              " city_code = ?, updated_at = ? WHERE id = ?",
		              "tit"
		              "tii",
		              division, (int64_t)in_zone, size[next(&g->rng) % 4],
		              in_zone ? "441800" : "440100", now, id))
			return -1;
		g->ent_fields[g->nents] = t->fields;
		g->ent_ids[g->nents++] = id;
		g->counts->in_zone += in_zone;
	}
	g->counts->enterprises = g->nents;
	return 0;
}

static int gen_positions(struct demo_gen *g, int64_t now)
{
	int total = (int)(6680 * g->scale + 0.5);
	char idb[24], eb[24], deg[8], hc[24], smin[16], smax[16], tb[24];
	int64_t first = 0;
	if (store_int64(g->db, &first, "SELECT COALESCE(MAX(id), 0) + 1 FROM positions", "") !=
	    STORE_ROW)
		return -1;
	g->first_position = first;
	g->pos_code = calloc((size_t)total, sizeof(*g->pos_code));
	g->pos_ent = calloc((size_t)total, sizeof(*g->pos_ent));
	g->pos_headcount = calloc((size_t)total, sizeof(*g->pos_headcount));
	if (!g->pos_code || !g->pos_ent || !g->pos_headcount)
		return -1;
	struct store_bulk *bp = store_bulk_new(
	    g->db,
	    "INSERT INTO positions (id, enterprise_id, title, kind, min_degree, headcount,"
	    " salary_min, salary_max, city_code, address, description, status, search_text,"
	    " is_demo, created_at, updated_at)",
	    16);
	struct store_bulk *bm =
	    store_bulk_new(g->db, "INSERT INTO position_majors (position_id, major_code)", 2);
	struct store_bulk *bs = store_bulk_new(
	    g->db, "INSERT INTO position_skills (position_id, skill_id, required)", 3);
	store_bulk_parent(bm, bp);
	store_bulk_parent(bs, bp);
	for (int i = 0; i < total; i++) {
		int64_t id = first + i;
		/* The enterprise first, then a major of its field. */
		int e = (int)(next(&g->rng) % (uint64_t)g->nents), m = 0;
		for (int tries = 0; tries < 400; tries++) {
			m = (int)(next(&g->rng) % (uint64_t)g->d.nmajors);
			char cat[3] = {g->d.majors[m][0], g->d.majors[m][1], '\0'};
			if (strstr(g->ent_fields[e], cat))
				break;
		}
		int64_t ent = g->ent_ids[e];
		const char *major = g->d.majors[m], *mname = g->d.major_names[m];
		char title[160], stem[96], desc[512], accept[8];
		/* "机电一体化技术" -> "机电一体化" + a job word */
		snprintf(stem, sizeof(stem), "%s", mname);
		char *tech = strstr(stem, "技术");
		if (tech && tech != stem)
			*tech = '\0';
		snprintf(title, sizeof(title), "%s%s", stem, job_suffix[next(&g->rng) % 8]);
		g->pos_ent[i] = ent;
		const char *kind =
		    (const char *[]){"全职", "全职", "全职", "实习", "见习"}[next(&g->rng) % 5];
		int64_t lo = 3000 + (int64_t)(next(&g->rng) % 30) * 100;
		int64_t hi = lo + 1000 + (int64_t)(next(&g->rng) % 40) * 100;
		if (strcmp(kind, "全职"))
			lo /= 2, hi /= 2;
		const char *city = next(&g->rng) % 10 < 7
		                       ? "441800"
		                       : g->d.cities[next(&g->rng) % (uint64_t)g->d.ncities];
		snprintf(
		    desc, sizeof(desc),
		    "岗位职责：负责%s相关工作，参与生产现场与技术改进。\n任职要求：%s等相关专业，"
		    "吃苦耐劳，有团队精神。提供食宿、五险一金、带薪培训。",
		    stem, mname);
		/* Accepted majors: mostly the class, sometimes the exact major
		 * or the whole category, a few positions accept any major. */
		int r = (int)(next(&g->rng) % 10);
		if (r < 6)
			snprintf(accept, sizeof(accept), "%.4s", major);
		else if (r < 8)
			snprintf(accept, sizeof(accept), "%s", major);
		else if (r < 9)
			snprintf(accept, sizeof(accept), "%.2s", major);
		else
			accept[0] = '\0';
		snprintf(g->pos_code[i], sizeof(g->pos_code[i]), "%s", accept);
		int sk[8], nreq = 2 + (int)(next(&g->rng) % 3),
		           npref = 1 + (int)(next(&g->rng) % 2);
		g->pos_headcount[i] = 1 + (int)(next(&g->rng) % 10);
		int got = pick_skills(&g->rng, &g->d, major, nreq + npref, sk);
		const char *row[16] = {NUM(idb, id),
		                       NUM(eb, ent),
		                       title,
		                       kind,
		                       NUM(deg, 1 + (next(&g->rng) % 4 == 0)),
		                       NUM(hc, g->pos_headcount[i]),
		                       NUM(smin, lo),
		                       NUM(smax, hi),
		                       city,
		                       "清远高新区（演示地址）",
		                       desc,
		                       "open",
		                       "", /* made below, as for every position */
		                       "1",
		                       NUM(tb, now - (int64_t)(next(&g->rng) % (60 * 86400))),
		                       tb};
		if (store_bulk_add(bp, row))
			break;
		if (*accept) {
			const char *pm[2] = {idb, accept};
			store_bulk_add(bm, pm);
		}
		for (int k = 0; k < got; k++) {
			const char *ps[3] = {idb, g->d.skills[sk[k]], k < nreq ? "1" : "0"};
			store_bulk_add(bs, ps);
		}
	}
	int rc2 = store_bulk_finish(bm);
	int rc3 = store_bulk_finish(bs);
	int rc = store_bulk_finish(bp);
	g->npositions = total;
	g->counts->positions = total;
	if (rc || rc2 || rc3)
		return -1;
	return position_text_refresh(g->db, POSITION_TEXT_EMPTY, 0) < 0 ? -1 : 0;
}

/* Each college teaches some 30 majors; its students are spread over them. */
static int gen_students(struct demo_gen *g, int64_t now, int64_t demo_account)
{
	int total = (int)(110000 * g->scale + 0.5);
	char idb[24], cb[24], gy[8], deg[4], smin[16], smax[16], tb[24], acc[24], no[32];
	char name[32], skills_json[512], cities_json[128], phone[16], masked[16], klass[160];
	int64_t first = 0;
	if (store_int64(g->db, &first, "SELECT COALESCE(MAX(id), 0) + 1 FROM students", "") !=
	    STORE_ROW)
		return -1;
	g->first_student = first;
	g->stu_major = calloc((size_t)total, sizeof(*g->stu_major));
	struct store_bulk *b = store_bulk_new(
	    g->db,
	    "INSERT INTO students (id, account_id, college_id, student_no, name, gender,"
	    " major_code, grad_year, degree, skills, cities, salary_min, salary_max, discoverable,"
	    " phone_enc, phone_masked, resume, is_demo, created_at, updated_at, class_name)",
	    21);
	struct store_bulk *bs =
	    store_bulk_new(g->db, "INSERT INTO student_skills (student_id, skill_id)", 2);
	store_bulk_parent(bs, b);
	int per_college = total / g->ncolleges + 1;
	int *field = malloc((size_t)g->d.nmajors * sizeof(int)), nfield = 0, field_of = -1;
	if (!field)
		return -1;
	for (int i = 0; i < total; i++) {
		int col = i / per_college;
		if (col != field_of) { /* the majors of this college's fields */
			nfield = 0;
			field_of = col;
			for (int k = 0; k < g->d.nmajors; k++) {
				char cat[3] = {g->d.majors[k][0], g->d.majors[k][1], '\0'};
				if (strstr(college_fields[col % 11], cat))
					field[nfield++] = k;
			}
		}
		uint64_t crng = (uint64_t)col * 7919 + 17; /* majors a college teaches */
		int m =
		    (int)((next(&crng) + (next(&g->rng) % 30) * 104729) % (uint64_t)g->d.nmajors);
		if (nfield && next(&g->rng) % 4)
			m = field[(next(&crng) +
			           (next(&g->rng) % 24) * (uint64_t)(nfield / 24 + 1)) %
			          (uint64_t)nfield];
		for (int k = 0; i == 0 && k < g->d.nmajors; k++)
			if (!strcmp(g->d.majors[k], "460301")) /* 机电一体化技术 for student_demo */
				m = k;
		const char *major = g->d.majors[m];
		snprintf(g->stu_major[i], sizeof(g->stu_major[i]), "%s", major);
		int64_t grad = 2025 + (int64_t)(next(&g->rng) % 4);
		snprintf(no, sizeof(no), "%lld%02d%05d", (long long)(grad - 3), col + 1,
		         i % per_college + 1);
		if (i == 0)
			snprintf(no, sizeof(no), "2023010001"); /* student_demo's */
		int female = i && next(&g->rng) % 2; /* student_demo, 张思远, is 男 */
		gendered_name(&g->rng, female, name, sizeof(name));
		if (i == 0)
			snprintf(name, sizeof(name), "张思远");
		/* 班级: major, intake year, two classes a year (no draw from the
		 * generator, so the rest of the data stays what it was). */
		snprintf(klass, sizeof(klass), "%s%02d%02d班", g->d.major_names[m],
		         (int)((grad - 3) % 100), 1 + i % 2);
		int sk[8], n = pick_skills(&g->rng, &g->d, major, 2 + (int)(next(&g->rng) % 5), sk);
		struct buf sj = BUF_INIT;
		buf_addch(&sj, '[');
		for (int k = 0; k < n; k++)
			buf_addf(&sj, "%s\"%s\"", k ? "," : "", g->d.skills[sk[k]]);
		buf_addch(&sj, ']');
		snprintf(skills_json, sizeof(skills_json), "%s", sj.data);
		buf_release(&sj);
		const char *other = g->d.cities[next(&g->rng) % (uint64_t)g->d.ncities];
		if (next(&g->rng) % 2 && strcmp(other, "441800"))
			snprintf(cities_json, sizeof(cities_json), "[\"441800\",\"%s\"]", other);
		else
			snprintf(cities_json, sizeof(cities_json), "[\"441800\"]");
		int64_t lo = 3000 + (int64_t)(next(&g->rng) % 30) * 100;
		snprintf(phone, sizeof(phone), "13%09llu",
		         (unsigned long long)(next(&g->rng) % 1000000000ULL));
		pii_mask_phone(phone, masked, sizeof(masked));
		char *sealed = pii_seal(phone);
		const char *row[21] = {NUM(idb, first + i),
		                       i == 0 && demo_account ? NUM(acc, demo_account) : NULL,
		                       NUM(cb, g->college_ids[col]),
		                       no,
		                       name,
		                       female ? "女" : "男",
		                       major,
		                       NUM(gy, grad),
		                       NUM(deg, next(&g->rng) % 20 == 0 ? 3 : 2),
		                       skills_json,
		                       cities_json,
		                       NUM(smin, lo),
		                       NUM(smax, lo + 2000),
		                       next(&g->rng) % 10 < 4 ? "1" : "0",
		                       sealed,
		                       sealed ? masked : NULL,
		                       "（演示简历）在校期间认真学习专业课程，参加过校内实训与企业"
		                       "实习，熟悉相关岗位操作规范。",
		                       "1",
		                       NUM(tb, now),
		                       tb,
		                       klass};
		int rc = store_bulk_add(b, row);
		free(sealed);
		if (rc)
			break;
		for (int k = 0; k < n; k++) {
			const char *ss[2] = {idb, g->d.skills[sk[k]]};
			store_bulk_add(bs, ss);
		}
	}
	free(field);
	int rc2 = store_bulk_finish(bs), rc = store_bulk_finish(b);
	g->nstudents = total;
	g->counts->students = total;
	return rc || rc2 ? -1 : 0;
}

/* 学籍认领: the largest unclaimed class of college_demo's college gets ID
 * numbers (as a college import would bring them) and activation codes
 * valid for 30 days, drawn from their own generator so the rest of the
 * data stays what it was.  The report prints a few of them. */
static int gen_claims(struct demo_gen *g, int64_t now)
{
	static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	uint64_t rng = g->rng ^ 0x9e3779b97f4a7c15ULL;
	int64_t college = g->college_ids[0], expires = now + 30 * 86400;
	json_t *klass = store_row(g->db,
	                          "SELECT class_name FROM students WHERE college_id = ? AND"
	                          " account_id IS NULL AND class_name IS NOT NULL GROUP BY"
	                          " class_name ORDER BY COUNT(*) DESC, class_name LIMIT 1",
	                          "i", college);
	if (!json_is_object(klass))
		return klass ? 0 : -1; /* no students at all: nothing to claim */
	snprintf(g->counts->claim_class, sizeof(g->counts->claim_class), "%s",
	         json_string_value(json_object_get(klass, "class_name")));
	json_decref(klass);
	json_t *rows = store_rows(g->db,
	                          "SELECT id, student_no, name, grad_year FROM students WHERE"
	                          " college_id = ? AND class_name = ? AND account_id IS NULL"
	                          " ORDER BY student_no",
	                          "it", college, g->counts->claim_class);
	size_t i;
	json_t *row;
	int rc = rows ? 0 : -1;
	json_array_foreach(rows, i, row)
	{
		int64_t id = json_integer_value(json_object_get(row, "id"));
		const char *no = json_string_value(json_object_get(row, "student_no"));
		char idn[19], masked[32], mac[65], code[CLAIM_CODE_TEXT], norm[16], hash[65];
		int sum = 0,
		    born = (int)(json_integer_value(json_object_get(row, "grad_year")) - 21);
		snprintf(idn, sizeof(idn), "441802%04d%02d%02d%03d",
		         born < 1900 ? 2004 : born % 10000, (int)(1 + next(&rng) % 12),
		         (int)(1 + next(&rng) % 28), (int)(next(&rng) % 1000));
		for (int k = 0; k < 17; k++)
			sum += (idn[k] - '0') * weights[k];
		idn[17] = "10X98765432"[sum % 11];
		idn[18] = '\0';
		char *sealed = pii_seal(idn);
		pii_mask_id(idn, masked, sizeof(masked));
		if (sealed && !claim_id6_mac(college, no, idn, mac) &&
		    store_run(g->db,
		              "UPDATE students SET id_number_enc = ?, id_number_masked = ?,"
		              " id6_mac = ? WHERE id = ?",
		              "ttti", sealed, masked, mac, id))
			rc = -1;
		free(sealed);
		unsigned char rnd[8];
		for (int k = 0; k < 8; k++)
			rnd[k] = (unsigned char)next(&rng);
		claim_code_format(rnd, code);
		claim_code_normalize(code, norm);
		claim_code_hash(id, norm, hash);
		if (store_run(
		        g->db,
		        "INSERT INTO claim_codes (student_id, college_id, code_hash, created_at,"
		        " expires_at) VALUES (?, ?, ?, ?, ?)",
		        "iitii", id, college, hash, now, expires))
			rc = -1;
		if (i < 3) {
			struct demo_claim *x = &g->counts->claim_examples[i];
			snprintf(x->student_no, sizeof(x->student_no), "%s", no);
			snprintf(x->name, sizeof(x->name), "%s",
			         json_string_value(json_object_get(row, "name")));
			snprintf(x->id6, sizeof(x->id6), "%s", pii_ready() ? idn + 12 : "");
			snprintf(x->code, sizeof(x->code), "%s", code);
		}
		g->counts->claim_codes++;
	}
	json_decref(rows);
	return rc;
}

/* About a third of the students apply to 1-5 positions open to their
 * major; the statuses are spread along the pipeline. */
static int gen_applications(struct demo_gen *g, int64_t now)
{
	static const char *const status[] = {"submitted", "submitted", "submitted", "viewed",
	                                     "viewed",    "interview", "interview", "offered",
	                                     "accepted",  "rejected"};
	char idb[24], sb[24], pb[24], eb[24], tb[24];
	int64_t first = 0, n = 0;
	if (store_int64(g->db, &first, "SELECT COALESCE(MAX(id), 0) + 1 FROM applications", "") !=
	    STORE_ROW)
		return -1;
	struct store_bulk *ba = store_bulk_new(
	    g->db,
	    "INSERT INTO applications (id, student_id, position_id, enterprise_id, status,"
	    " is_demo, created_at, updated_at)",
	    8);
	struct store_bulk *be = store_bulk_new(
	    g->db, "INSERT INTO application_events (application_id, from_status, to_status, at)",
	    4);
	store_bulk_parent(be, ba);
	int chosen[8];
	/* Offers made per position (never more than its headcount) */
	int *offers = calloc((size_t)g->npositions + 1, sizeof(int));
	if (!offers)
		return -1;
	for (int s = 0; s < g->nstudents; s++) {
		int accepted = 0; /* a student accepts one offer at most */
		if (next(&g->rng) % 3)
			continue;
		int want = 1 + (int)(next(&g->rng) % 5), found = 0;
		/* random positions, kept when they accept the student's major */
		for (int tries = 0; tries < 400 && found < want; tries++) {
			int p = (int)(next(&g->rng) % (uint64_t)g->npositions);
			const char *acc = g->pos_code[p];
			if (!*acc || !major_accepted(g->stu_major[s], acc))
				continue;
			int dup = 0;
			for (int k = 0; k < found; k++)
				dup |= chosen[k] == p;
			if (dup)
				continue;
			chosen[found++] = p;
		}
		for (int k = 0; k < found; k++) {
			int p = chosen[k];
			const char *st = status[next(&g->rng) % 10];
			if (!strcmp(st, "accepted") && accepted++)
				st = "offered";
			if ((!strcmp(st, "offered") || !strcmp(st, "accepted")) &&
			    offers[p]++ >= g->pos_headcount[p])
				st = "interview"; /* the position is full: it stays an interview */
			const char *row[8] = {
			    NUM(idb, first + n),
			    NUM(sb, g->first_student + s),
			    NUM(pb, g->first_position + p),
			    NUM(eb, g->pos_ent[p]),
			    st,
			    "1",
			    NUM(tb, now - (int64_t)(next(&g->rng) % (30 * 86400))),
			    tb};
			if (store_bulk_add(ba, row))
				break;
			const char *ev[4] = {idb, NULL, st, tb};
			store_bulk_add(be, ev);
			n++;
		}
	}
	free(offers);
	int rc2 = store_bulk_finish(be), rc = store_bulk_finish(ba);
	g->counts->applications = n;
	return rc || rc2 ? -1 : 0;
}

/*
 * Job fairs: the article's fair, live today at the first college (every
 * active enterprise at a booth grouped by industry, all its open
 * positions, about 12,000 students registered, most of them already
 * inside, queues at the booths, intentions to hire), and an industry
 * session (专场宣讲) of the second college open for sign-up.  The demo
 * student is inside the live fair and queues at the demo HR's booth.
 */
static int fair_insert(struct demo_gen *g, const char *kind, const char *name, int64_t host,
                       const char *venue, int64_t starts, int64_t ends, int64_t booths,
                       const char *zones, const char *majors, const char *status, int64_t now,
                       int64_t *id)
{
	return store_int64(
	           g->db, id,
	           "INSERT INTO fairs (kind, name, host_college_id, venue, starts_at, ends_at,"
	           " booths, capacity, zones, elig_majors, status, is_demo, created_at,"
	           " updated_at, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?,"
	           " '演示数据')"
	           " RETURNING id",
	           "ttitiiiitttii", kind, name, host, venue, starts, ends, booths, (int64_t)15000,
	           zones, majors, status, now, now) == STORE_ROW &&
	               store_run(g->db,
	                         "INSERT INTO fair_events (fair_id, from_status, to_status, at)"
	                         " VALUES (?, NULL, ?, ?)",
	                         "iti", *id, status, now) == STORE_OK
	           ? 0
	           : -1;
}

/* The short code of registration id: a bijection of the id, so unique. */
static void fair_code(int64_t id, char out[9])
{
	static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	uint64_t v = ((uint64_t)id * UINT64_C(0x9E3779B97F4A7C15)) & ((UINT64_C(1) << 40) - 1);
	v ^= v >> 17;
	for (int i = 7; i >= 0; i--, v >>= 5)
		out[i] = alphabet[v & 31];
	out[8] = '\0';
}

static int gen_fairs(struct demo_gen *g, int64_t now, int64_t demo_student, int64_t demo_ent)
{
	int64_t live = 0, session = 0, nbooth = 0, first_reg = 0;
	/* A fair day in China time: from 08:30 (of yesterday before 08:30) to
	 * 17:30, or later when the demo is made in the evening, so the fair is
	 * live whenever it is shown and its entries fall in the morning.  The
	 * session is a week later, 14:00–17:00. */
	const int64_t cn = 8 * 3600;
	int64_t start = (now + cn) / 86400 * 86400 - cn + 8 * 3600 + 1800;
	if (start > now)
		start -= 86400;
	int64_t end = start + 9 * 3600;
	if (end < now + 4 * 3600)
		end = now + 4 * 3600;
	char fb[24], sb[24], cb[9], ib[24], tb[24], eb[24], qb[24], nb[24];
	if (fair_insert(g, "fair", "2026届清远职教城秋季校园招聘洽谈会", g->college_ids[0],
	                "职教城主校区体育馆及东广场", start, end, g->nents + 23,
	                "[\"一号馆\",\"二号馆\",\"三号馆\",\"东广场\"]", "[]", "live", now,
	                &live) ||
	    fair_insert(g, "session", "清远高新区智能制造专场宣讲招聘会", g->college_ids[1],
	                "第二校区学术报告厅", start + 7 * 86400 + 19800, start + 7 * 86400 + 30600,
	                30, "[]", "[\"46\"]", "signup", now, &session))
		return -1;
	/* Every active enterprise comes with all its open positions; a few
	 * sign up for the session and wait for review. */
	if (store_run(
	        g->db,
	        "INSERT INTO fair_enterprises (fair_id, enterprise_id, status, tables_needed,"
	        " applied_at, reviewed_at) SELECT ?, id, 'approved', 1 + id % 3, ?, ? FROM"
	        " organizations WHERE kind = 'enterprise' AND status = 'active' AND is_demo = 1",
	        "iii", live, start - 14 * 86400, start - 10 * 86400) ||
	    store_run(g->db,
	              "INSERT INTO fair_positions (fair_id, enterprise_id, position_id) SELECT ?,"
	              " enterprise_id, id FROM positions WHERE status = 'open' AND enterprise_id IN"
	              " (SELECT enterprise_id FROM fair_enterprises WHERE fair_id = ?)",
	              "ii", live, live) ||
	    store_run(
	        g->db,
	        "INSERT INTO fair_enterprises (fair_id, enterprise_id, status, tables_needed,"
	        " applied_at) SELECT ?, id, 'pending', 1, ? FROM organizations WHERE kind ="
	        " 'enterprise' AND status = 'active' AND is_demo = 1 AND id <> ? AND id % 29 = 0",
	        "iii", session, now - 86400, demo_ent) ||
	    store_run(
	        g->db,
	        "INSERT INTO fair_positions (fair_id, enterprise_id, position_id) SELECT ?,"
	        " p.enterprise_id, MIN(p.id) FROM positions p JOIN fair_enterprises fe ON"
	        " fe.enterprise_id = p.enterprise_id AND fe.fair_id = ? WHERE p.status = 'open'"
	        " GROUP BY p.enterprise_id",
	        "ii", session, session))
		return -1;
	/* Booths: industry sections in code order (unknown last), then by
	 * enterprise id: the order fair_allocate() gives. */
	if (store_run(
	        g->db,
	        "INSERT INTO fair_booths (fair_id, booth_no, zone, enterprise_id) SELECT ?,"
	        " ROW_NUMBER() OVER (ORDER BY CASE WHEN sec IS NULL THEN 1 ELSE 0 END, sec, id),"
	        " COALESCE(secname, '综合'), id FROM (SELECT o.id, CASE WHEN ind.level ="
	        " 'section' THEN ind.code ELSE ind.parent END AS sec, s.name AS secname FROM"
	        " fair_enterprises fe JOIN organizations o ON o.id = fe.enterprise_id LEFT JOIN"
	        " dict_industries ind ON ind.code = o.industry_code LEFT JOIN dict_industries s"
	        " ON s.code = CASE WHEN ind.level = 'section' THEN ind.code ELSE ind.parent END"
	        " WHERE fe.fair_id = ?) x",
	        "ii", live, live) ||
	    store_int64(g->db, &nbooth, "SELECT COUNT(*) FROM fair_booths WHERE fair_id = ?", "i",
	                live) != STORE_ROW)
		return -1;
	for (int64_t k = nbooth + 1; k <= g->nents + 23; k++)
		if (store_run(
		        g->db,
		        "INSERT INTO fair_booths (fair_id, booth_no, zone) VALUES (?, ?, '机动')",
		        "ii", live, k))
			return -1;

	/* Registrations: about one student in eight, and the demo student. */
	if (store_int64(g->db, &first_reg, "SELECT COALESCE(MAX(id), 0) + 1 FROM fair_students",
	                "") != STORE_ROW)
		return -1;
	struct store_bulk *br = store_bulk_new(
	    g->db,
	    "INSERT INTO fair_students (id, fair_id, student_id, code, walk_in, registered_at,"
	    " entered_at, scans)",
	    8);
	struct store_bulk *bt = store_bulk_new(
	    g->db,
	    "INSERT INTO fair_tickets (fair_id, enterprise_id, student_id, seq, status, taken_at,"
	    " called_at, done_at)",
	    8);
	if (!br || !bt)
		return -1;
	NUM(fb, live);
	int64_t reg = first_reg, nent = 0, *seq = calloc((size_t)g->nents, sizeof(int64_t));
	if (!seq)
		return -1;
	/* Entries peak in the first hour after the gates open. */
	for (int s = 0; s < g->nstudents; s++) {
		int64_t sid = g->first_student + s;
		if (sid != demo_student && next(&g->rng) % 8)
			continue;
		int walk_in = next(&g->rng) % 25 == 0;
		int entered = sid == demo_student || walk_in || next(&g->rng) % 100 < 89;
		int64_t at =
		    start + (int64_t)(next(&g->rng) % 3600) * (1 + (int64_t)(next(&g->rng) % 3));
		if (at > now)
			at = now - (int64_t)(next(&g->rng) % 600);
		fair_code(reg, cb);
		const char *row[8] = {NUM(ib, reg),
		                      fb,
		                      NUM(sb, sid),
		                      cb,
		                      walk_in ? "1" : "0",
		                      NUM(tb, walk_in ? at : start - 86400 * (1 + s % 10)),
		                      entered ? NUM(eb, at) : NULL,
		                      entered ? "1" : "0"};
		store_bulk_add(br, row);
		reg++;
		if (!entered)
			continue;
		nent++;
		/* Tickets at one to three booths: the early ones are done, the
		 * latest still waiting. */
		int nt = sid == demo_student ? 0 : (int)(next(&g->rng) % 4);
		int used[3] = {-1, -1, -1};
		for (int k = 0; k < nt; k++) {
			int e = (int)(next(&g->rng) % (uint64_t)g->nents);
			if (e == used[0] || e == used[1])
				continue;
			used[k] = e;
			int64_t taken = at + 300 + (int64_t)(next(&g->rng) % 5400);
			const char *st = taken > now - 900
			                     ? (next(&g->rng) % 6 ? "waiting" : "called")
			                     : (next(&g->rng) % 8 ? "seen" : "no_show");
			if (taken > now)
				taken = now - (int64_t)(next(&g->rng) % 900);
			int64_t called = taken + 120 + (int64_t)(next(&g->rng) % 1500);
			if (called > now)
				called = now;
			int64_t done = called + 180 + (int64_t)(next(&g->rng) % 420);
			if (done > now)
				done = now;
			const char *trow[8] = {
			    fb,
			    NUM(qb, g->ent_ids[e]),
			    sb,
			    NUM(nb, ++seq[e]),
			    st,
			    NUM(tb, taken),
			    strcmp(st, "waiting") ? NUM(eb, called) : NULL,
			    strcmp(st, "seen") && strcmp(st, "no_show") ? NULL : NUM(ib, done)};
			store_bulk_add(bt, trow);
		}
	}
	/* The demo student waits in the demo HR's queue. */
	for (int k = 0; k < g->nents; k++)
		if (g->ent_ids[k] == demo_ent) {
			const char *trow[8] = {fb,
			                       NUM(qb, demo_ent),
			                       NUM(sb, demo_student),
			                       NUM(nb, ++seq[k]),
			                       "waiting",
			                       NUM(tb, now - 420),
			                       NULL,
			                       NULL};
			store_bulk_add(bt, trow);
		}
	free(seq);
	int rc = store_bulk_finish(br);
	int rc2 = store_bulk_finish(bt);
	g->counts->fairs = 2;
	g->counts->fair_registered = reg - first_reg;
	g->counts->fair_entered = nent;
	if (rc || rc2 || store_sync_ids(g->db, "fair_students") ||
	    store_run(
	        g->db,
	        "UPDATE fair_enterprises SET next_seq = (SELECT COALESCE(MAX(seq), 0) FROM"
	        " fair_tickets t WHERE t.fair_id = fair_enterprises.fair_id AND"
	        " t.enterprise_id = fair_enterprises.enterprise_id), present_at = (SELECT"
	        " MIN(called_at) FROM fair_tickets t WHERE t.fair_id = fair_enterprises.fair_id"
	        " AND t.enterprise_id = fair_enterprises.enterprise_id) WHERE fair_id = ?",
	        "i", live))
		return -1;
	/* Intentions to hire with one in twelve students seen at a booth, on
	 * a position the enterprise brought; each becomes an offer. */
	return store_run(
	           g->db,
	           "INSERT INTO fair_intents (fair_id, enterprise_id, student_id, position_id,"
	           " note, created_at) SELECT t.fair_id, t.enterprise_id, t.student_id,"
	           " (SELECT MIN(fp.position_id) FROM fair_positions fp WHERE fp.fair_id ="
	           " t.fair_id AND fp.enterprise_id = t.enterprise_id), '演示：现场沟通良好',"
	           " t.done_at FROM fair_tickets t WHERE t.fair_id = ? AND t.status = 'seen' AND"
	           " t.student_id % 12 = 0 AND EXISTS (SELECT 1 FROM fair_positions fp WHERE"
	           " fp.fair_id = t.fair_id AND fp.enterprise_id = t.enterprise_id)",
	           "i", live) ||
	               store_run(
	                   g->db,
	                   "INSERT INTO applications (student_id, position_id, enterprise_id,"
	                   " status, note, is_demo, created_at, updated_at) SELECT i.student_id,"
	                   " i.position_id, i.enterprise_id, 'offered', '双选会意向签约', 1,"
	                   " i.created_at, i.created_at FROM fair_intents i WHERE i.fair_id = ?"
	                   " AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.student_id ="
	                   " i.student_id AND a.position_id = i.position_id)",
	                   "i", live) ||
	               store_run(g->db,
	                         "UPDATE fair_intents SET application_id = (SELECT a.id FROM"
	                         " applications a WHERE a.student_id = fair_intents.student_id AND"
	                         " a.position_id = fair_intents.position_id) WHERE fair_id = ?",
	                         "i", live) ||
	               store_run(
	                   g->db,
	                   "INSERT INTO application_events (application_id, from_status,"
	                   " to_status, at, note) SELECT a.id, NULL, 'offered', a.created_at,"
	                   " '双选会意向签约' FROM applications a WHERE a.note = '双选会意向签约'"
	                   " AND NOT EXISTS (SELECT 1 FROM application_events e WHERE"
	                   " e.application_id = a.id)",
	                   "")
	           ? -1
	           : 0;
}

/*
 * The industry sessions (专场宣讲招聘) held before today, 17 of them (the
 * 18th is open for sign-up): each at one college, a dozen enterprises of
 * one industry with their open positions, about 1,100 students registered
 * and most of them entered, one résumé each handed over at a booth.
 */
static const struct {
	const char *name, *section;
} past_sessions[] = {
    {"智能制造", "C"},   {"新材料", "C"},   {"汽车零部件", "C"},     {"食品与生物", "C"},
    {"电子电器", "C"},   {"精细化工", "C"}, {"软件与信息服务", "I"}, {"数字经济", "I"},
    {"人工智能", "I"},   {"商贸零售", "F"}, {"跨境电商", "F"},       {"现代物流", "G"},
    {"交通运输", "G"},   {"检验检测", "M"}, {"科技服务", "M"},       {"建筑工程", "E"},
    {"装配式建筑", "E"},
};

static int gen_sessions(struct demo_gen *g, int64_t now)
{
	int n = (int)(sizeof(past_sessions) / sizeof(past_sessions[0]));
	int64_t reg = 0;
	if (store_int64(g->db, &reg, "SELECT COALESCE(MAX(id), 0) + 1 FROM fair_students", "") !=
	    STORE_ROW)
		return -1;
	for (int k = 0; k < n; k++) {
		int64_t id = 0, ents = 0;
		int64_t day = now - (int64_t)(n - k) * 5 * 86400; /* every five days */
		int64_t start = day - day % 86400 + 6 * 3600,
		        end = start + 3 * 3600; /* 14:00 BJT */
		char name[128], fb[24], sb[24], rb[24], eb[24], cb[9];
		snprintf(name, sizeof(name), "%s专场宣讲招聘会", past_sessions[k].name);
		if (fair_insert(g, "session", name, g->college_ids[k % g->ncolleges],
		                "学术报告厅及一楼大厅", start, end, 20, "[]", "[]", "finished", now,
		                &id) ||
		    store_run(
		        g->db,
		        "INSERT INTO fair_enterprises (fair_id, enterprise_id, status, "
		        "tables_needed,"
		        " applied_at, reviewed_at, present_at) SELECT ?, o.id, 'approved', 1, ?, "
		        "?, ?"
		        " FROM organizations o JOIN dict_industries ind ON ind.code ="
		        " o.industry_code WHERE o.kind = 'enterprise' AND o.status = 'active' AND"
		        " o.is_demo = 1 AND (ind.code = ? OR ind.parent = ?) ORDER BY (o.id * 31 +"
		        " ?) % 101, o.id LIMIT 12",
		        "iiiitti", id, start - 20 * 86400, start - 15 * 86400, start,
		        past_sessions[k].section, past_sessions[k].section, (int64_t)k) ||
		    store_run(
		        g->db,
		        "INSERT INTO fair_positions (fair_id, enterprise_id, position_id) SELECT ?,"
		        " p.enterprise_id, p.id FROM positions p JOIN fair_enterprises fe ON"
		        " fe.enterprise_id = p.enterprise_id AND fe.fair_id = ? WHERE p.status ="
		        " 'open'",
		        "ii", id, id) ||
		    store_run(
		        g->db,
		        "INSERT INTO fair_booths (fair_id, booth_no, zone, enterprise_id) SELECT ?,"
		        " ROW_NUMBER() OVER (ORDER BY enterprise_id), ?, enterprise_id FROM"
		        " fair_enterprises WHERE fair_id = ?",
		        "iti", id, past_sessions[k].name, id) ||
		    store_int64(g->db, &ents, "SELECT COUNT(*) FROM fair_booths WHERE fair_id = ?",
		                "i", id) != STORE_ROW)
			return -1;
		if (!ents)
			continue;
		struct store_bulk *b = store_bulk_new(g->db,
		                                      "INSERT INTO fair_students (id, fair_id, "
		                                      "student_id, code, walk_in, registered_at,"
		                                      " entered_at, scans)",
		                                      8);
		if (!b)
			return -1;
		NUM(fb, id);
		/* Turnout differs from one session to the next: 35-100% of its share. */
		int turnout = 35 + (k * 41 + 7) % 66;
		for (int s = 0; s < g->nstudents; s++) {
			int64_t sid = g->first_student + s;
			if (sid % 97 != k || (int)(next(&g->rng) % 100) >= turnout)
				continue;
			int entered = next(&g->rng) % 10 < 8;
			fair_code(reg, cb);
			const char *row[8] = {NUM(rb, reg), fb,
			                      NUM(sb, sid), cb,
			                      "0",          NUM(eb, start - 86400 * (1 + s % 7)),
			                      NULL,         entered ? "1" : "0"};
			char at[24];
			if (entered) {
				snprintf(at, sizeof(at), "%lld",
				         (long long)(start + (int64_t)(next(&g->rng) % 7200)));
				row[6] = at;
			}
			store_bulk_add(b, row);
			reg++;
		}
		if (store_bulk_finish(b))
			return -1;
		/* One résumé per entrant, handed over at the booth its number picks. */
		if (store_run(
		        g->db,
		        "INSERT INTO fair_tickets (fair_id, enterprise_id, student_id, seq, status,"
		        " taken_at, called_at, done_at) SELECT x.fair_id, x.enterprise_id,"
		        " x.student_id, ROW_NUMBER() OVER (PARTITION BY x.enterprise_id ORDER BY"
		        " x.student_id), 'seen', x.t, x.t + 600, x.t + 900 FROM (SELECT fs.fair_id,"
		        " b.enterprise_id, fs.student_id, fs.entered_at + 300 AS t FROM"
		        " fair_students fs JOIN fair_booths b ON b.fair_id = fs.fair_id AND"
		        " b.booth_no = 1 + fs.student_id % ? WHERE fs.fair_id = ? AND"
		        " fs.entered_at IS NOT NULL) x",
		        "ii", ents, id))
			return -1;
		g->counts->fairs++;
	}
	return store_sync_ids(g->db, "fair_students");
}

/* A position hires at least as many as it made offers: the fair's
 * intentions to hire and the order classes' graduates become offers on one
 * position of their enterprise, whose headcount grows to hold them. */
static int fit_headcounts(struct store *db)
{
	return store_run(db,
	                 "UPDATE positions SET headcount = (SELECT COUNT(*) FROM applications a"
	                 " WHERE a.position_id = positions.id AND a.status IN ('offered',"
	                 " 'accepted')) WHERE is_demo = 1 AND headcount < (SELECT COUNT(*) FROM"
	                 " applications a WHERE a.position_id = positions.id AND a.status IN"
	                 " ('offered', 'accepted'))",
	                 "") == STORE_OK
	           ? 0
	           : -1;
}

int demo_fill(struct store *db, uint64_t seed, double scale, struct demo_counts *counts)
{
	struct demo_gen g = {.db = db, .rng = seed ? seed : 1, .scale = scale, .counts = counts};
	int64_t have = 0, college_ids[11], pending_id, student_account = 0;
	char hash[PASSWORD_HASH_MAX], name[64], code[19], login[48];

	memset(counts, 0, sizeof(*counts));
	if (store_int64(db, &have, "SELECT COUNT(*) FROM accounts WHERE login = 'admin'", "") !=
	    STORE_ROW)
		return -1;
	if (have)
		return 1;
	if (dicts_load(db, &g.d)) {
		log_error("demo: the dictionaries are empty");
		dicts_release(&g.d);
		return -1;
	}
	/* One hash for every demo login: hashing is slow on purpose. */
	if (password_hash(DEMO_PASSWORD, hash) || store_begin(db) != STORE_OK) {
		dicts_release(&g.d);
		return -1;
	}
	int64_t now = now_seconds();
	for (int i = 0; i < 11; i++) {
		snprintf(name, sizeof(name), "%s（演示）", colleges[i][0]);
		if (org_insert(db, "college", name, colleges[i][1], NULL, "active", NULL, 1,
		               &college_ids[i]) != STORE_OK ||
		    store_run(
		        db,
		        "UPDATE organizations SET college_type = '高职专科', city_code = '441800',"
		        " campus = '清远校区' WHERE id = ?",
		        "i", college_ids[i]))
			goto fail;
	}
	g.college_ids = college_ids;
	g.ncolleges = 11;
	counts->colleges = 11;
	if (gen_enterprises(&g, now))
		goto fail;
	credit_code(&g.rng, code);
	if (org_insert(db, "enterprise", "清远市新锐智能装备有限公司（演示·待审核）", NULL, code,
	               "pending", "陈建国", 1, &pending_id) != STORE_OK)
		goto fail;

	if (add_account(db, "admin", hash, "operator", "平台管理员", 0, NULL) ||
	    add_account(db, "college_demo", hash, "college", "李老师（就业办）", college_ids[0],
	                NULL) ||
	    add_account(db, "hr_demo", hash, "enterprise", "王芳（人事部）", g.ent_ids[0], NULL) ||
	    add_account(db, "hr_pending", hash, "enterprise", "陈建国", pending_id, NULL) ||
	    add_account(db, "student_demo", hash, "student", "张思远", college_ids[0],
	                "2023010001") ||
	    add_account(db, "judge_demo", hash, "judge", "周教授（评委）", 0, NULL) ||
	    add_account(db, "mentor_demo", hash, "mentor", "郭导师", 0, NULL) ||
	    add_account(db, "officer_demo", hash, "officer", "林科长（政务服务）", 0, NULL) ||
	    store_int64(db, &student_account,
	                "SELECT id FROM accounts WHERE login = 'student_demo'", "") != STORE_ROW)
		goto fail;
	/* Staff of every other college; they have no password until one is set. */
	for (int i = 1; i < 11; i++) {
		snprintf(login, sizeof(login), "college%02d", i + 1);
		person_name(&g.rng, name, sizeof(name));
		if (add_account(db, login, NULL, "college", name, college_ids[i], NULL))
			goto fail;
	}
	if (gen_positions(&g, now) || gen_students(&g, now, student_account) ||
	    gen_applications(&g, now) || store_sync_ids(db, "positions") ||
	    store_sync_ids(db, "students") || store_sync_ids(db, "applications") ||
	    gen_fairs(&g, now, g.first_student, g.ent_ids[0]) || gen_sessions(&g, now) ||
	    gen_claims(&g, now) || demo_competition(db, seed, college_ids, now, counts) ||
	    demo_coop_fill(db, seed ? seed : 1, scale, now, counts) ||
	    demo_services(db, seed, g.ent_ids[0], counts) ||
	    demo_incubator(db, seed, college_ids, hash, now, counts) || fit_headcounts(db) ||
	    store_commit(db) != STORE_OK)
		goto fail;
	dicts_release(&g.d);
	free(g.ent_ids);
	free(g.ent_fields);
	free(g.pos_code);
	free(g.pos_ent);
	free(g.pos_headcount);
	free(g.stu_major);
	return 0;
fail:
	log_error("demo: %s", store_errmsg(db));
	store_rollback(db);
	dicts_release(&g.d);
	free(g.ent_ids);
	free(g.ent_fields);
	free(g.pos_code);
	free(g.pos_ent);
	free(g.pos_headcount);
	free(g.stu_major);
	return -1;
}
