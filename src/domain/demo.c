#include "domain/demo.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "domain/account.h"
#include "domain/credit_code.h"
#include "domain/password.h"

const struct demo_login demo_logins[] = {
    {"admin", "operator", "平台运营 platform operator"},
    {"college_demo", "college", "院校就业办 college staff"},
    {"hr_demo", "enterprise", "企业HR (verified enterprise)"},
    {"hr_pending", "enterprise", "企业HR (enterprise awaiting approval)"},
    {"student_demo", "student", "学生 student"},
    {"judge_demo", "judge", "评委 judge"},
    {"mentor_demo", "mentor", "导师 mentor"},
    {"officer_demo", "officer", "政务 officer"},
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

static const char *const enterprises[] = {
    "广东聚石化学股份有限公司", "广东容大生物股份有限公司",       "清远戈兰迪高分子材料有限公司",
    "金禄电子科技股份有限公司", "清远华饮食品有限公司",           "广东天瞳科技有限公司",
    "清远亿源通科技有限公司",   "蒙牛乳业（清远）有限公司",       "清远敏实汽车零部件有限公司",
    "广东先导稀材股份有限公司", "清远凯荣德电子专用材料有限公司", "清远佳致新材料研究院有限公司",
};

static const char surnames[][4] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                   "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "梁"};
static const char *const given[] = {"伟",   "芳",   "娜",   "敏",   "静",   "丽",   "强",
                                    "磊",   "洋",   "艳",   "勇",   "军",   "杰",   "娟",
                                    "涛",   "明",   "超",   "秀英", "霞",   "平",   "刚",
                                    "桂英", "子涵", "浩然", "思远", "雨欣", "梓轩", "嘉怡"};

/* xorshift64*: the same seed gives the same data on every machine. */
static uint64_t next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static void person_name(uint64_t *rng, char *out, size_t n)
{
	snprintf(out, n, "%s%s", surnames[next(rng) % 20],
	         given[next(rng) % (sizeof(given) / sizeof(given[0]))]);
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

int demo_fill(struct store *db, uint64_t seed)
{
	uint64_t rng = seed ? seed : 1;
	int64_t have = 0, college_ids[11], ent_ids[12], pending_id;
	char hash[PASSWORD_HASH_MAX], name[64], code[19], login[48], no[32];

	if (store_int64(db, &have, "SELECT COUNT(*) FROM accounts WHERE login = 'admin'", "") !=
	    STORE_ROW)
		return -1;
	if (have)
		return 1;
	/* One hash for every demo login: hashing is slow on purpose. */
	if (password_hash(DEMO_PASSWORD, hash))
		return -1;
	if (store_begin(db) != STORE_OK)
		return -1;
	for (int i = 0; i < 11; i++) {
		snprintf(name, sizeof(name), "%s（演示）", colleges[i][0]);
		if (org_insert(db, "college", name, colleges[i][1], NULL, "active", NULL, 1,
		               &college_ids[i]) != STORE_OK)
			goto fail;
	}
	for (int i = 0; i < 12; i++) {
		snprintf(name, sizeof(name), "%s（演示）", enterprises[i]);
		credit_code(&rng, code);
		person_name(&rng, login, sizeof(login));
		if (org_insert(db, "enterprise", name, NULL, code, "active", login, 1,
		               &ent_ids[i]) != STORE_OK)
			goto fail;
	}
	credit_code(&rng, code);
	if (org_insert(db, "enterprise", "清远市新锐智能装备有限公司（演示·待审核）", NULL, code,
	               "pending", "陈建国", 1, &pending_id) != STORE_OK)
		goto fail;

	if (add_account(db, "admin", hash, "operator", "平台管理员", 0, NULL) ||
	    add_account(db, "college_demo", hash, "college", "李老师（就业办）", college_ids[0],
	                NULL) ||
	    add_account(db, "hr_demo", hash, "enterprise", "王芳（人事部）", ent_ids[0], NULL) ||
	    add_account(db, "hr_pending", hash, "enterprise", "陈建国", pending_id, NULL) ||
	    add_account(db, "student_demo", hash, "student", "张思远", college_ids[0],
	                "2023010001") ||
	    add_account(db, "judge_demo", hash, "judge", "周教授（评委）", 0, NULL) ||
	    add_account(db, "mentor_demo", hash, "mentor", "郭导师", 0, NULL) ||
	    add_account(db, "officer_demo", hash, "officer", "林科长（政务服务）", 0, NULL))
		goto fail;
	/* Staff of every other college and enterprise, and some students
	 * per college; they have no password until one is set. */
	for (int i = 1; i < 11; i++) {
		snprintf(login, sizeof(login), "college%02d", i + 1);
		person_name(&rng, name, sizeof(name));
		if (add_account(db, login, NULL, "college", name, college_ids[i], NULL))
			goto fail;
	}
	for (int i = 1; i < 12; i++) {
		snprintf(login, sizeof(login), "hr%02d", i + 1);
		person_name(&rng, name, sizeof(name));
		if (add_account(db, login, NULL, "enterprise", name, ent_ids[i], NULL))
			goto fail;
	}
	for (int c = 0; c < 11; c++)
		for (int k = 1; k <= 30; k++) {
			snprintf(no, sizeof(no), "2023%02d%04d", c + 1, k + (c == 0));
			snprintf(login, sizeof(login), "s%s", no);
			person_name(&rng, name, sizeof(name));
			if (add_account(db, login, NULL, "student", name, college_ids[c], no))
				goto fail;
		}
	if (store_commit(db) != STORE_OK)
		goto fail;
	return 0;
fail:
	log_error("demo: %s", store_errmsg(db));
	store_rollback(db);
	return -1;
}
