#include "domain/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/table_read.h"
#include "base/utf8.h"
#include "base/util.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/claim.h"
#include "domain/credit_code.h"
#include "domain/dict_majors.h"
#include "domain/pii.h"
#include "domain/position.h"
#include "domain/recommend.h"
#include "domain/recruit.h"

/* ---- the kinds and their columns ---- */

static const struct import_column student_columns[] = {
    {"student_no", "学号", "学生编号|student_no", 1, "2023010001", "本校唯一"},
    {"name", "姓名", "学生姓名|name", 1, "张思远", ""},
    {"gender", "性别", "gender", 0, "男", "男 或 女"},
    {"major", "专业", "专业代码|专业名称|所学专业|major", 0, "460301",
     "专业代码或专业名称（专业目录）"},
    {"grad_year", "毕业年份", "毕业年|届别|grad_year", 0, "2026", "如 2026"},
    {"degree", "学历层次", "学历|degree", 0, "高职专科", "中职、高职专科 或 本科"},
    {"phone", "手机号", "手机|联系电话|phone", 0, "13800138000", "11 位手机号"},
    {"id_number", "身份证号", "身份证|id_number", 0, "", "18 位；学生注册时核验后 6 位"},
    {"class_name", "班级", "班级名称|class|class_name", 0, "机电一体化技术2301班",
     "发放激活码按班级选择"},
    {"college", "院校", "学校|院校代码|college", 0, "", "平台运营导入时填写院校名称或代码"},
    {NULL, NULL, NULL, 0, NULL, NULL}};

static const struct import_column position_columns[] = {
    {"title", "岗位名称", "职位名称|岗位|title", 1, "机电一体化技术员", ""},
    {"kind", "岗位类型", "类型|kind", 1, "全职", "全职、实习 或 见习"},
    {"headcount", "招聘人数", "人数|headcount", 1, "5", ""},
    {"majors", "专业要求", "接受专业|majors", 0, "4603、460301",
     "专业代码或名称，多个用顿号分隔；空表示不限"},
    {"required_skills", "必备技能", "技能要求|required_skills", 0, "PLC编程、AutoCAD制图",
     "技能词典中的名称"},
    {"preferred_skills", "加分技能", "preferred_skills", 0, "", ""},
    {"min_degree", "最低学历", "学历要求|min_degree", 0, "高职专科", "中职、高职专科 或 本科"},
    {"salary_min", "薪资下限", "最低薪资|salary_min", 0, "4500", "元/月"},
    {"salary_max", "薪资上限", "最高薪资|salary_max", 0, "6500", "元/月"},
    {"city", "工作城市", "城市|city", 0, "清远市", "城市名称或代码"},
    {"address", "工作地点", "地址|address", 0, "清远高新区创兴大道", ""},
    {"deadline", "截止日期", "报名截止|deadline", 0, "2026-12-31", "YYYY-MM-DD"},
    {"description", "岗位描述", "职位描述|description", 0, "负责设备调试与维护", ""},
    {NULL, NULL, NULL, 0, NULL, NULL}};

static const struct import_column enterprise_columns[] = {
    {"name", "企业名称", "名称|name", 1, "清远某某科技有限公司", ""},
    {"credit_code", "统一社会信用代码", "信用代码|credit_code", 1, "91441800MA4UJ8AB1F", "18 位"},
    {"industry", "所属行业", "行业|行业代码|industry", 0, "38", "GB/T 4754 行业大类代码或名称"},
    {"in_zone", "是否高新区企业", "高新区|in_zone", 0, "是", "是 或 否"},
    {"size", "企业规模", "规模|size", 0, "300-999人", ""},
    {"contact_name", "联系人", "contact_name", 0, "王芳", ""},
    {NULL, NULL, NULL, 0, NULL, NULL}};

/* The catalogue's later additions (增补专业), by the operator. */
static const struct import_column major_columns[] = {
    {"code", "专业代码", "代码|code", 1, "460312", "6 位专业代码（国家控制专业可带 K）"},
    {"name", "专业名称", "名称|name", 1, "智能产线装调与运维", ""},
    {"parent", "所属专业类", "专业类代码|专业类|parent", 1, "4603", "4 位专业类代码"},
    {"year", "增补年份", "年份|year", 0, "2025", "如 2025"},
    {NULL, NULL, NULL, 0, NULL, NULL}};

static const struct import_kind kinds[] = {
    {"students", "学生", student_columns},
    {"positions", "岗位", position_columns},
    {"enterprises", "企业", enterprise_columns},
    {"majors", "增补专业", major_columns},
};

const struct import_kind *import_kind_find(const char *name)
{
	for (size_t i = 0; name && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].name, name))
			return &kinds[i];
	return NULL;
}

/* ---- a small string map (open addressing; keys and values copied) ---- */

struct strmap {
	char **keys, **vals;
	size_t cap, n;
};

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static int map_put(struct strmap *m, const char *k, const char *v);

static int map_grow(struct strmap *m)
{
	struct strmap bigger = {0};
	bigger.cap = m->cap ? m->cap * 2 : 1024;
	bigger.keys = calloc(bigger.cap, sizeof(char *));
	bigger.vals = calloc(bigger.cap, sizeof(char *));
	if (!bigger.keys || !bigger.vals) {
		free(bigger.keys);
		free(bigger.vals);
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i]) {
			map_put(&bigger, m->keys[i], m->vals[i]);
			free(m->keys[i]);
			free(m->vals[i]);
		}
	free(m->keys);
	free(m->vals);
	*m = bigger;
	return 0;
}

static int map_put(struct strmap *m, const char *k, const char *v)
{
	if ((m->n + 1) * 2 > m->cap && map_grow(m))
		return -1;
	size_t i = hash(k) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], k))
		i = (i + 1) & (m->cap - 1);
	if (m->keys[i])
		return 0; /* first one wins */
	m->keys[i] = strdup(k);
	m->vals[i] = strdup(v ? v : "");
	m->n++;
	return m->keys[i] && m->vals[i] ? 0 : -1;
}

static const char *map_get(const struct strmap *m, const char *k)
{
	if (!m->cap)
		return NULL;
	size_t i = hash(k) & (m->cap - 1);
	while (m->keys[i]) {
		if (!strcmp(m->keys[i], k))
			return m->vals[i];
		i = (i + 1) & (m->cap - 1);
	}
	return NULL;
}

static void map_free(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++) {
		free(m->keys[i]);
		free(m->vals[i]);
	}
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* Loads "key -> value" pairs from a two-column query. */
static int map_load(struct store *db, struct strmap *m, const char *sql, int64_t arg)
{
	struct store_stmt *st = arg ? store_query(db, sql, "i", arg) : store_query(db, sql, "");
	int rc;
	if (!st)
		return -1;
	while ((rc = store_step(st)) == STORE_ROW)
		if (map_put(m, store_column_text(st, 0), store_column_text(st, 1)))
			break;
	store_finalize(st);
	return rc == STORE_DONE ? 0 : -1;
}

/* ---- one run ---- */

/* Where an import's rows go. */
struct import_scope {
	int64_t college_id;    /* students: the college (0: the file names it) */
	int64_t enterprise_id; /* positions: the enterprise */
	int64_t actor_id;
};

#define MAX_COLUMNS       16
#define MAX_LISTED_ERRORS 500

struct run {
	struct store *db;
	const struct import_kind *kind;
	const struct import_scope *scope;
	int commit, failed_write;
	int ncols;
	int at[MAX_COLUMNS]; /* spreadsheet column of each kind column, -1 absent */
	int header_done;
	int64_t rows, valid, created, updated, errors_total;
	json_t *errors, *sample;
	struct strmap seen;     /* keys already in the file */
	struct strmap existing; /* keys already in the database -> id */
	struct strmap majors, skills, cities, industries, colleges;
	struct strmap college_types;        /* students: college id -> its type */
	struct strmap parents, major_names; /* majors: code -> level; "level:name" */
	struct store_bulk *bulk;
	int row_failed;
	size_t line;
};

static void row_error(struct run *r, int col, const char *reason)
{
	r->row_failed = 1;
	r->errors_total++;
	if (json_array_size(r->errors) >= MAX_LISTED_ERRORS)
		return;
	char letter[TABLE_COLUMN_NAME_SIZE] = "";
	if (col >= 0 && r->at[col] >= 0)
		table_column_name((size_t)r->at[col], letter);
	json_array_append_new(
	    r->errors, json_pack("{s:I, s:s, s:s, s:s}", "row", (json_int_t)r->line, "column",
	                         letter, "column_title",
	                         col >= 0 ? r->kind->columns[col].title : "", "reason", reason));
}

static int column_index(const struct run *r, const char *key)
{
	for (int i = 0; i < r->ncols; i++)
		if (!strcmp(r->kind->columns[i].key, key))
			return i;
	return -1;
}

/* Trims blanks (ASCII and the ideographic space) in place. */
static char *trim(char *s)
{
	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		else if (!strncmp(s, "\xE3\x80\x80", 3))
			s += 3;
		else
			break;
	}
	size_t n = strlen(s);
	for (;;) {
		if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
			s[--n] = '\0';
		else if (n >= 3 && !strcmp(s + n - 3, "\xE3\x80\x80"))
			s[n -= 3] = '\0';
		else
			break;
	}
	return s;
}

static int header_matches(const struct import_column *c, const char *cell)
{
	if (!strcmp(cell, c->title))
		return 1;
	size_t n = strlen(cell);
	for (const char *a = c->aliases; a && *a;) {
		const char *bar = strchr(a, '|');
		size_t len = bar ? (size_t)(bar - a) : strlen(a);
		if (len == n && !strncasecmp(a, cell, n))
			return 1;
		a = bar ? bar + 1 : a + len;
	}
	return 0;
}

static int read_header(struct run *r, const struct table_row *row)
{
	for (int i = 0; i < r->ncols; i++)
		r->at[i] = -1;
	for (size_t k = 0; k < row->ncells; k++) {
		char *cell = trim(row->cells[k]);
		/* "学号*" or "学号（必填）" as templates often say */
		char name[128];
		snprintf(name, sizeof(name), "%s", cell);
		char *mark = strstr(name, "*");
		if (!mark)
			mark = strstr(name, "（");
		if (!mark)
			mark = strstr(name, "(");
		if (mark && mark != name)
			*mark = '\0';
		for (int i = 0; i < r->ncols; i++)
			if (r->at[i] < 0 && header_matches(&r->kind->columns[i], name))
				r->at[i] = (int)k;
	}
	r->line = row->line;
	for (int i = 0; i < r->ncols; i++)
		if (r->kind->columns[i].required && r->at[i] < 0) {
			char why[160];
			snprintf(why, sizeof(why), "缺少必需的列“%s”（请使用导入模板）",
			         r->kind->columns[i].title);
			row_error(r, -1, why);
		}
	return 0;
}

/* Splits a list cell on 、,，;；/ and blanks into a JSON array. */
static json_t *split_list(const char *cell)
{
	json_t *out = json_array();
	char *copy = strdup(cell), *p = copy;
	static const char *const seps[] = {"、", "，", "；", ",", ";", "/", " ", "\n"};
	while (p && *p) {
		size_t best = strlen(p), seplen = 0;
		for (size_t i = 0; i < sizeof(seps) / sizeof(seps[0]); i++) {
			char *hit = strstr(p, seps[i]);
			if (hit && (size_t)(hit - p) < best) {
				best = (size_t)(hit - p);
				seplen = strlen(seps[i]);
			}
		}
		char save = p[best];
		p[best] = '\0';
		char *item = trim(p);
		if (*item) {
			json_t *s = json_string(item);
			int dup = 0;
			size_t i;
			json_t *v;
			json_array_foreach(out, i, v) dup |= json_equal(v, s);
			if (dup)
				json_decref(s);
			else
				json_array_append_new(out, s);
		}
		p[best] = save;
		p += best + seplen;
		if (!seplen)
			break;
	}
	free(copy);
	return out;
}

static int degree_of(const char *s)
{
	if (!*s)
		return 0;
	if (!strcmp(s, "1") || !strcmp(s, "中职") || !strcmp(s, "中专"))
		return DEGREE_SECONDARY;
	if (!strcmp(s, "2") || !strcmp(s, "高职专科") || !strcmp(s, "专科") || !strcmp(s, "大专") ||
	    !strcmp(s, "高职"))
		return DEGREE_ASSOCIATE;
	if (!strcmp(s, "3") || !strcmp(s, "本科") || !strcmp(s, "职业本科"))
		return DEGREE_BACHELOR;
	return -1;
}

static int int_cell(const char *s, int64_t min, int64_t max, int64_t *out)
{
	/* Excel may give "5" or "5.0"; accept a whole number either way. */
	char buf[32];
	snprintf(buf, sizeof(buf), "%s", s);
	char *dot = strchr(buf, '.');
	if (dot && strspn(dot + 1, "0") == strlen(dot + 1))
		*dot = '\0';
	return parse_int64(buf, out) || *out < min || *out > max ? -1 : 0;
}

/* "YYYY-MM-DD" (or with a time) -> the end of that day in China (UTC+8). */
static int date_cell(const char *s, int64_t *out)
{
	int y, m, d;
	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 && sscanf(s, "%4d/%2d/%2d", &y, &m, &d) != 3)
		return -1;
	if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	struct tm tm = {.tm_year = y - 1900,
	                .tm_mon = m - 1,
	                .tm_mday = d,
	                .tm_hour = 23,
	                .tm_min = 59,
	                .tm_sec = 59};
	*out = (int64_t)timegm(&tm) - 8 * 3600;
	return 0;
}

/* Resolves each item of a list through map (code or name -> code). */
static json_t *resolve_list(struct run *r, int col, const char *cell, const struct strmap *map,
                            const char *what)
{
	json_t *items = split_list(cell), *codes = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v)
	{
		const char *code = map_get(map, json_string_value(v));
		if (!code) {
			char why[200];
			snprintf(why, sizeof(why), "未知的%s：%s", what, json_string_value(v));
			row_error(r, col, why);
			continue;
		}
		json_t *c = json_string(code);
		int dup = 0;
		size_t k;
		json_t *w;
		json_array_foreach(codes, k, w) dup |= json_equal(w, c);
		dup ? json_decref(c) : json_array_append_new(codes, c);
	}
	json_decref(items);
	return codes;
}

#define CELL(key) cell_of(r, row, column_index(r, key))

static char *cell_of(struct run *r, const struct table_row *row, int col)
{
	static char empty[1];
	if (col < 0 || r->at[col] < 0 || (size_t)r->at[col] >= row->ncells)
		return empty;
	return trim(row->cells[r->at[col]]);
}

static void check_length(struct run *r, const char *key, const char *v, size_t max)
{
	if (utf8_length(v) > max) {
		char why[80];
		snprintf(why, sizeof(why), "过长（最多 %zu 个字符）", max);
		row_error(r, column_index(r, key), why);
	}
}

/* The code of the major a student's cell names (code, code with its K, or
 * name) in the catalogue level(s) the student's college takes its majors
 * from (dict_majors_levels), or NULL. */
static const char *student_major(struct run *r, int64_t college, const char *cell)
{
	char id[24], key[300];
	snprintf(id, sizeof(id), "%lld", (long long)college);
	const char *type = college ? map_get(&r->college_types, id) : NULL;
	const char *levels = dict_majors_levels(type && *type ? type : NULL);
	for (const char *l = levels; *l; l += l[2] ? 3 : 2) {
		snprintf(key, sizeof(key), "%.2s:%s", l, cell);
		const char *code = map_get(&r->majors, key);
		if (code)
			return code;
	}
	return NULL;
}

static void student_row(struct run *r, const struct table_row *row)
{
	char *no = CELL("student_no"), *name = CELL("name"), *gender = CELL("gender");
	char *major_in = CELL("major"), *grad_s = CELL("grad_year"), *degree_s = CELL("degree");
	char *phone = CELL("phone"), *idn = CELL("id_number"), *college_s = CELL("college");
	char *class_name = CELL("class_name");
	int64_t college = r->scope->college_id, grad = 0;
	if (!*no)
		row_error(r, column_index(r, "student_no"), "学号不能为空");
	if (!*name)
		row_error(r, column_index(r, "name"), "姓名不能为空");
	check_length(r, "student_no", no, 32);
	check_length(r, "name", name, 64);
	check_length(r, "class_name", class_name, 64);
	if (*gender && strcmp(gender, "男") && strcmp(gender, "女"))
		row_error(r, column_index(r, "gender"), "性别应为 男 或 女");
	if (*grad_s && int_cell(grad_s, 2000, 2100, &grad))
		row_error(r, column_index(r, "grad_year"), "毕业年份应为 2000–2100 的年份");
	int degree = degree_of(degree_s);
	if (degree < 0)
		row_error(r, column_index(r, "degree"), "学历层次应为 中职、高职专科 或 本科");
	if (*phone && !pii_phone_valid(phone))
		row_error(r, column_index(r, "phone"), "手机号应为 11 位大陆手机号");
	if (*idn && !pii_id_number_valid(idn))
		row_error(r, column_index(r, "id_number"), "身份证号无效（校验位不符）");
	if (!college) {
		const char *id = *college_s ? map_get(&r->colleges, college_s) : NULL;
		if (!id)
			row_error(r, column_index(r, "college"),
			          *college_s ? "未知的院校" : "院校不能为空");
		else
			college = strtoll(id, NULL, 10);
	}
	const char *major = *major_in ? student_major(r, college, major_in) : NULL;
	if (*major_in && !major)
		row_error(r, column_index(r, "major"),
		          college
		              ? "专业不在本校类型对应的专业目录中（填写 6 位专业代码或专业名称）"
		              : "专业不在专业目录中（填写 6 位专业代码或专业名称）");
	char key[96];
	snprintf(key, sizeof(key), "%lld:%s", (long long)college, no);
	if (*no && map_get(&r->seen, key))
		row_error(r, column_index(r, "student_no"), "学号在文件中重复");
	map_put(&r->seen, key, "");
	if (r->row_failed || !r->commit || r->errors_total)
		return;

	/* Write: new students in bulk, existing ones updated in place. */
	char sealed_masked[2][32] = {"", ""};
	char *phone_enc = *phone ? pii_seal(phone) : NULL;
	char *id_enc = *idn ? pii_seal(idn) : NULL;
	/* What a claim checks: the last 6 as imported (claim.h, note 2). */
	char mac[65];
	if (*idn && claim_id6_mac(college, no, idn, mac)) {
		free(id_enc);
		id_enc = NULL;
	}
	if (*phone)
		pii_mask_phone(phone, sealed_masked[0], sizeof(sealed_masked[0]));
	if (*idn)
		pii_mask_id(idn, sealed_masked[1], sizeof(sealed_masked[1]));
	if ((*phone && !phone_enc) || (*idn && !id_enc)) {
		row_error(r, -1, "服务器未配置个人信息加密密钥，无法导入手机号或身份证号");
		free(phone_enc);
		free(id_enc);
		return;
	}
	char cb[24], gb[8], db[4], now[24];
	snprintf(cb, sizeof(cb), "%lld", (long long)college);
	snprintf(gb, sizeof(gb), "%lld", (long long)grad);
	snprintf(db, sizeof(db), "%d", degree ? degree : DEGREE_ASSOCIATE);
	snprintf(now, sizeof(now), "%lld", (long long)now_seconds());
	const char *existing = map_get(&r->existing, key);
	if (existing) {
		if (store_run(
		        r->db,
		        "UPDATE students SET name = ?, gender = COALESCE(?, gender),"
		        " major_code = COALESCE(?, major_code), grad_year = COALESCE(?, grad_year),"
		        " degree = COALESCE(?, degree), phone_enc = COALESCE(?, phone_enc),"
		        " phone_masked = COALESCE(?, phone_masked),"
		        " id_number_enc = COALESCE(?, id_number_enc),"
		        " id_number_masked = COALESCE(?, id_number_masked),"
		        " id6_mac = COALESCE(?, id6_mac), class_name = COALESCE(?, class_name),"
		        " updated_at = ? WHERE id = ?",
		        "tttt"
		        "ttttt"
		        "tt"
		        "tt",
		        name, *gender ? gender : NULL, major, grad ? gb : NULL, degree ? db : NULL,
		        phone_enc, *phone ? sealed_masked[0] : NULL, id_enc,
		        *idn ? sealed_masked[1] : NULL, *idn ? mac : NULL,
		        *class_name ? class_name : NULL, now, existing))
			r->failed_write = 1;
		r->updated++;
	} else {
		const char *vals[15] = {cb,
		                        no,
		                        name,
		                        *gender ? gender : NULL,
		                        major,
		                        grad ? gb : NULL,
		                        db,
		                        phone_enc,
		                        *phone ? sealed_masked[0] : NULL,
		                        id_enc,
		                        *idn ? sealed_masked[1] : NULL,
		                        *idn ? mac : NULL,
		                        *class_name ? class_name : NULL,
		                        now,
		                        now};
		if (store_bulk_add(r->bulk, vals))
			r->failed_write = 1;
		r->created++;
	}
	free(phone_enc);
	free(id_enc);
}

static void position_row(struct run *r, const struct table_row *row)
{
	struct position_fields f = {0};
	char *title = CELL("title"), *kind = CELL("kind"), *hc = CELL("headcount");
	char *smin = CELL("salary_min"), *smax = CELL("salary_max"), *city = CELL("city");
	char *deadline = CELL("deadline"), *deg = CELL("min_degree");
	f.title = title;
	f.kind = kind;
	f.address = *CELL("address") ? CELL("address") : NULL;
	f.description = CELL("description");
	if (!*title)
		row_error(r, column_index(r, "title"), "岗位名称不能为空");
	check_length(r, "title", title, 60);
	check_length(r, "address", CELL("address"), 200);
	check_length(r, "description", f.description, 5000);
	if (!position_kind_valid(kind))
		row_error(r, column_index(r, "kind"), "岗位类型应为 全职、实习 或 见习");
	if (int_cell(hc, 1, 10000, &f.headcount))
		row_error(r, column_index(r, "headcount"), "招聘人数应为 1–10000 的整数");
	f.has_salary_min = *smin != 0;
	f.has_salary_max = *smax != 0;
	if (*smin && int_cell(smin, 0, 1000000, &f.salary_min))
		row_error(r, column_index(r, "salary_min"), "薪资应为整数（元/月）");
	if (*smax && int_cell(smax, 0, 1000000, &f.salary_max))
		row_error(r, column_index(r, "salary_max"), "薪资应为整数（元/月）");
	if (f.has_salary_min && f.has_salary_max && f.salary_min > f.salary_max)
		row_error(r, column_index(r, "salary_max"), "薪资上限不能低于下限");
	int d = degree_of(deg);
	if (d < 0)
		row_error(r, column_index(r, "min_degree"), "最低学历应为 中职、高职专科 或 本科");
	f.min_degree = d > 0 ? d : DEGREE_SECONDARY;
	if (*city && !(f.city = map_get(&r->cities, city)))
		row_error(r, column_index(r, "city"), "未知的城市");
	if (*deadline) {
		f.has_deadline = 1;
		if (date_cell(deadline, &f.deadline))
			row_error(r, column_index(r, "deadline"), "截止日期应为 YYYY-MM-DD");
	}
	f.majors = resolve_list(r, column_index(r, "majors"), CELL("majors"), &r->majors, "专业");
	f.required = resolve_list(r, column_index(r, "required_skills"), CELL("required_skills"),
	                          &r->skills, "技能");
	f.preferred = resolve_list(r, column_index(r, "preferred_skills"), CELL("preferred_skills"),
	                           &r->skills, "技能");
	int64_t id;
	if (!r->row_failed && r->commit && !r->errors_total) {
		if (position_insert(r->db, r->scope->enterprise_id, &f, 0, &id))
			r->failed_write = 1;
		r->created++;
	}
	json_decref(f.majors);
	json_decref(f.required);
	json_decref(f.preferred);
}

static void enterprise_row(struct run *r, const struct table_row *row)
{
	char *name = CELL("name"), *code = CELL("credit_code"), *industry_in = CELL("industry");
	char *zone = CELL("in_zone"), *size = CELL("size"), *contact = CELL("contact_name");
	for (char *p = code; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	if (utf8_length(name) < 2)
		row_error(r, column_index(r, "name"), "企业名称不能为空");
	check_length(r, "name", name, 100);
	check_length(r, "size", size, 20);
	check_length(r, "contact_name", contact, 64);
	if (!credit_code_valid(code))
		row_error(r, column_index(r, "credit_code"),
		          strlen(code) != 18 ? "统一社会信用代码应为 18 位"
		                             : "统一社会信用代码校验位不符");
	else if (map_get(&r->seen, code))
		row_error(r, column_index(r, "credit_code"), "统一社会信用代码在文件中重复");
	else if (map_get(&r->existing, code))
		row_error(r, column_index(r, "credit_code"), "该企业已在平台注册");
	map_put(&r->seen, code, "");
	const char *industry = *industry_in ? map_get(&r->industries, industry_in) : NULL;
	if (*industry_in && !industry)
		row_error(r, column_index(r, "industry"),
		          "未知的行业（填写 GB/T 4754 行业大类代码或名称）");
	int in_zone = !strcmp(zone, "是") || !strcmp(zone, "1") || !strcasecmp(zone, "Y");
	if (*zone && !in_zone && strcmp(zone, "否") && strcmp(zone, "0") && strcasecmp(zone, "N"))
		row_error(r, column_index(r, "in_zone"), "应为 是 或 否");
	int64_t id;
	if (r->row_failed || !r->commit || r->errors_total)
		return;
	if (org_insert(r->db, "enterprise", name, NULL, code, "active", *contact ? contact : NULL,
	               0, &id) ||
	    store_run(
	        r->db,
	        "UPDATE organizations SET industry_code = ?, in_zone = ?, size = ? WHERE id = ?",
	        "tit"
	        "i",
	        industry, (int64_t)in_zone, *size ? size : NULL, id))
		r->failed_write = 1;
	r->created++;
}

/* One addition to the catalogue: a code under its parent's code (a 6-digit
 * major under its 4-digit class, or a class under its 大类), at the
 * parent's level, neither code nor name taken there. */
static void major_row(struct run *r, const struct table_row *row)
{
	char *code = CELL("code"), *name = CELL("name"), *parent = CELL("parent");
	char *year_s = CELL("year");
	int64_t year = 0;
	size_t n = strlen(code);
	int controlled = n == 7 && code[6] == 'K';
	if (controlled)
		code[--n] = '\0';
	int digits = (n == 4 || n == 6);
	for (size_t i = 0; i < n; i++)
		digits = digits && code[i] >= '0' && code[i] <= '9';
	const char *edu = map_get(&r->parents, parent);
	if (!digits)
		row_error(r, column_index(r, "code"), "专业代码应为 6 位数字（专业类为 4 位）");
	else if (map_get(&r->existing, code) || map_get(&r->seen, code))
		row_error(r, column_index(r, "code"), "专业代码已在专业目录中或在文件中重复");
	if (!edu || strlen(parent) + 2 != n || strncmp(code, parent, strlen(parent)))
		row_error(r, column_index(r, "parent"),
		          edu ? "专业代码应以所属专业类的代码开头" : "未知的专业类代码");
	char key[300];
	snprintf(key, sizeof(key), "%s:%s", edu ? edu : "", name);
	if (!*name)
		row_error(r, column_index(r, "name"), "专业名称不能为空");
	else if (edu && (map_get(&r->major_names, key) || map_get(&r->seen, key)))
		row_error(r, column_index(r, "name"), "同一层次已有同名专业");
	check_length(r, "name", name, 64);
	if (*year_s && int_cell(year_s, 2021, 2100, &year))
		row_error(r, column_index(r, "year"), "增补年份应为 2021–2100 的年份");
	map_put(&r->seen, code, "");
	map_put(&r->seen, key, "");
	if (r->row_failed || !r->commit || r->errors_total)
		return;
	if (store_run(r->db,
	              "INSERT INTO dict_majors (code, name, level, parent, edu_level, controlled,"
	              " origin, added_year, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?,"
	              " 'addition', ?, ?, ?)",
	              "tttttiIii", code, name, n == 6 ? "major" : "class", parent, edu,
	              (int64_t)controlled, year, r->scope->actor_id, now_seconds()))
		r->failed_write = 1;
	r->created++;
}

static int on_row(void *arg, const struct table_row *row)
{
	struct run *r = arg;
	if (!r->header_done) {
		r->header_done = 1;
		read_header(r, row);
		return r->errors_total ? 1 : 0; /* no use reading rows without the columns */
	}
	r->line = row->line;
	r->rows++;
	r->row_failed = 0;
	if (!strcmp(r->kind->name, "students"))
		student_row(r, row);
	else if (!strcmp(r->kind->name, "positions"))
		position_row(r, row);
	else if (!strcmp(r->kind->name, "majors"))
		major_row(r, row);
	else
		enterprise_row(r, row);
	if (!r->row_failed)
		r->valid++;
	if (json_array_size(r->sample) < 10) {
		json_t *o = json_object();
		json_object_set_new(o, "row", json_integer((json_int_t)row->line));
		for (int i = 0; i < r->ncols; i++) {
			const char *key = r->kind->columns[i].key;
			char masked[64];
			const char *v = cell_of(r, row, i);
			/* Personal data is masked wherever a list shows it. */
			if (!strcmp(key, "phone") && *v)
				pii_mask_phone(v, masked, sizeof(masked)), v = masked;
			else if (!strcmp(key, "id_number") && *v)
				pii_mask_id(v, masked, sizeof(masked)), v = masked;
			json_object_set_new(o, key, json_string(v));
		}
		json_array_append_new(r->sample, o);
	}
	return r->failed_write ? 2 : 0;
}

static int prepare(struct run *r)
{
	struct store *db = r->db;
	const char *k = r->kind->name;
	/* Codes and names both resolve to codes. */
	if (!strcmp(k, "students") || !strcmp(k, "positions")) {
		/* Students: keyed "level:code" (or name), as the college's type picks
		 * the level; positions: any level, a name shared by levels meaning
		 * the 高职专科 major first (the first key wins). */
		if (map_load(db, &r->majors,
		             !strcmp(k, "students")
		                 ? "SELECT edu_level || ':' || code, code FROM dict_majors"
		                   " WHERE level = 'major' AND origin <> 'retired' UNION ALL"
		                   " SELECT edu_level || ':' || code || 'K', code FROM dict_majors"
		                   " WHERE controlled = 1 UNION ALL"
		                   " SELECT edu_level || ':' || name, code FROM dict_majors"
		                   " WHERE level = 'major' AND origin <> 'retired'"
		                 : "SELECT code, code FROM dict_majors WHERE origin <> 'retired'"
		                   " UNION ALL SELECT code || 'K', code FROM dict_majors"
		                   " WHERE controlled = 1",
		             0) ||
		    (!strcmp(k, "positions") &&
		     (map_load(db, &r->majors,
		               "SELECT name, code FROM dict_majors WHERE edu_level = 'gz' AND"
		               " origin <> 'retired'",
		               0) ||
		      map_load(db, &r->majors,
		               "SELECT name, code FROM dict_majors WHERE edu_level <> 'gz' AND"
		               " origin <> 'retired'",
		               0))) ||
		    (!strcmp(k, "students") &&
		     map_load(db, &r->college_types,
		              "SELECT id, COALESCE(college_type, '') FROM organizations"
		              " WHERE kind = 'college'",
		              0)))
			return -1;
	}
	if (!strcmp(k, "students")) {
		if (map_load(db, &r->colleges,
		             "SELECT name, id FROM organizations WHERE kind = 'college' UNION ALL"
		             " SELECT code, id FROM organizations WHERE kind = 'college' AND code "
		             "IS NOT NULL",
		             0) ||
		    map_load(db, &r->existing,
		             r->scope->college_id
		                 ? "SELECT college_id || ':' || student_no, id FROM students WHERE "
		                   "college_id = ?"
		                 : "SELECT college_id || ':' || student_no, id FROM students",
		             r->scope->college_id))
			return -1;
		r->bulk =
		    store_bulk_new(db,
		                   "INSERT INTO students (college_id, student_no, name, gender,"
		                   " major_code, grad_year, degree, phone_enc, phone_masked,"
		                   " id_number_enc, id_number_masked, id6_mac, class_name,"
		                   " created_at, updated_at)",
		                   15);
		if (!r->bulk)
			return -1;
	}
	if (!strcmp(k, "positions") &&
	    (map_load(db, &r->skills,
	              "SELECT id, id FROM dict_skills UNION ALL SELECT name, id FROM dict_skills",
	              0) ||
	     map_load(
	         db, &r->cities,
	         "SELECT code, code FROM dict_cities UNION ALL SELECT name, code FROM dict_cities",
	         0)))
		return -1;
	/* Additions: the codes taken (existing), the parents a code may go
	 * under and the names taken at each level. */
	if (!strcmp(k, "majors") &&
	    (map_load(db, &r->parents,
	              "SELECT code, edu_level FROM dict_majors WHERE level IN ('category', 'class')"
	              " AND origin <> 'retired'",
	              0) ||
	     map_load(db, &r->major_names,
	              "SELECT edu_level || ':' || name, code FROM dict_majors"
	              " WHERE origin <> 'retired'",
	              0) ||
	     map_load(db, &r->existing, "SELECT code, code FROM dict_majors", 0)))
		return -1;
	if (!strcmp(k, "enterprises") &&
	    (map_load(db, &r->industries,
	              "SELECT code, code FROM dict_industries WHERE level = 'division' UNION ALL"
	              " SELECT name, code FROM dict_industries WHERE level = 'division'",
	              0) ||
	     map_load(db, &r->existing,
	              "SELECT credit_code, id FROM organizations WHERE credit_code IS NOT NULL",
	              0)))
		return -1;
	return 0;
}

/* The import's report: what was read, written and found wrong. */
static json_t *report(const struct run *r, int committed)
{
	const struct import_kind *kind = r->kind;
	json_t *cols = json_array();
	for (int i = 0; i < r->ncols; i++)
		json_array_append_new(cols,
		                      json_pack("{s:s, s:s, s:b, s:b}", "key", kind->columns[i].key,
		                                "title", kind->columns[i].title, "required",
		                                kind->columns[i].required, "found", r->at[i] >= 0));
	return json_pack("{s:s, s:I, s:I, s:I, s:I, s:b, s:I, s:O, s:o, s:O}", "kind", kind->name,
	                 "rows", (json_int_t)r->rows, "valid", (json_int_t)r->valid, "created",
	                 (json_int_t)(committed ? r->created : 0), "updated",
	                 (json_int_t)(committed ? r->updated : 0), "committed", committed,
	                 "errors_total", (json_int_t)r->errors_total, "errors", r->errors,
	                 "columns", cols, "sample", r->sample);
}

/* An import of at least this many rows refreshes the planner's statistics. */
#define IMPORT_ANALYZE_ROWS 1000

/* The end of a commit, inside its transaction: the audit row and the
 * commit when every row passed; else the rollback and an audit row of
 * the refusal.  0, or -1 with e (nothing written). */
static int finish_commit(struct run *r, const struct actor *a, struct derr *e)
{
	struct store *db = r->db;
	char detail[64];
	snprintf(detail, sizeof(detail), "%lld rows, %lld errors", (long long)r->rows,
	         (long long)r->errors_total);
	if (r->errors_total) {
		store_rollback(db);
		if (audit_record(db, a, NULL, "import.commit", r->kind->name, 0, a->address,
		                 "failed", detail) != STORE_OK)
			return derr_store(e, db, "import: audit");
		return 0;
	}
	if (audit_write(db, a, "import.commit", r->kind->name, 0, detail, e))
		return -1;
	return store_commit(db) == STORE_OK ? 0 : derr_store(e, db, "import: commit");
}

/* Reads data as a spreadsheet of kind and, when commit is set, writes it
 * (all or nothing) with its audit row.  0 and *out (the report, new
 * reference), or -1 with e: 400 naming "file" when the file itself cannot
 * be read, 500 when the store failed. */
static int run_file(struct store *db, const struct actor *a, const struct import_kind *kind,
                    const struct import_scope *scope, const void *data, size_t len, int commit,
                    json_t **out, struct derr *e)
{
	struct run r = {.db = db, .kind = kind, .scope = scope, .commit = commit};
	struct table_limits lim = TABLE_LIMITS_DEFAULT;
	char err[512] = "";
	*out = NULL;
	while (kind->columns[r.ncols].key)
		r.ncols++;
	r.errors = json_array();
	r.sample = json_array();
	if ((commit && store_begin(db) != STORE_OK) || prepare(&r)) {
		derr_store(e, db, "import: prepare");
		goto out;
	}
	int rc = table_read(data, len, &lim, on_row, &r, err, sizeof(err));
	if (r.bulk && store_bulk_finish(r.bulk))
		r.failed_write = 1;
	r.bulk = NULL;
	if (rc < 0)
		derr_codef(e, DERR_INVALID, NULL, "file", "%s", err);
	else if (!r.header_done)
		derr_set(e, DERR_INVALID, "file", "文件是空的");
	else if (r.failed_write)
		derr_store(e, db, "import: write");
	else if (!commit || !finish_commit(&r, a, e))
		*out = report(&r, commit && !r.errors_total && r.rows);
out:
	if (r.bulk)
		store_bulk_finish(r.bulk);
	store_rollback(db); /* nothing to do after a commit */
	json_decref(r.errors);
	json_decref(r.sample);
	map_free(&r.seen);
	map_free(&r.existing);
	map_free(&r.majors);
	map_free(&r.college_types);
	map_free(&r.parents);
	map_free(&r.major_names);
	map_free(&r.skills);
	map_free(&r.cities);
	map_free(&r.industries);
	map_free(&r.colleges);
	if (*out && commit && !r.errors_total) {
		recommend_invalidate(); /* many rows at once: rebuild on next use */
		/* The planner's statistics after a bulk load (a small import
		 * changes no plan); the import stands without them (they only
		 * speed later queries). */
		if (r.rows >= IMPORT_ANALYZE_ROWS)
			store_analyze(db);
	}
	return *out ? 0 : -1;
}

/* The kind named name when a may import it, and the scope of a's import:
 * colleges their own students, the operator students of any college and
 * enterprises, HR their enterprise's positions (unless it was refused).
 * 0, or -1 with e (404 no such kind, 403 not the caller's, 422). */
static int kind_for(struct store *db, const struct actor *a, const char *name,
                    const struct import_kind **kind, struct import_scope *scope, struct derr *e)
{
	const struct import_kind *k = import_kind_find(name);
	memset(scope, 0, sizeof(*scope));
	scope->actor_id = a->id;
	if (!k)
		return derr_set(e, DERR_NOT_FOUND, NULL, "没有这种导入");
	int role = a->role;
	int ok =
	    (!strcmp(k->name, "students") && (role == ROLE_COLLEGE || role == ROLE_OPERATOR)) ||
	    (!strcmp(k->name, "positions") && role == ROLE_ENTERPRISE) ||
	    ((!strcmp(k->name, "enterprises") || !strcmp(k->name, "majors")) &&
	     role == ROLE_OPERATOR);
	if (!ok)
		return derr_set(e, DERR_FORBIDDEN, NULL, "没有权限导入这类数据");
	if (role == ROLE_COLLEGE)
		scope->college_id = a->org_id;
	if (role == ROLE_ENTERPRISE) {
		int64_t usable = 0;
		if (store_int64(
		        db, &usable,
		        "SELECT COUNT(*) FROM organizations WHERE id = ? AND status <> 'rejected'",
		        "i", a->org_id) != STORE_ROW)
			return derr_store(e, db, "import: enterprise");
		if (!usable)
			return derr_set(e, DERR_RULE, NULL, "企业资质未通过审核，不能导入岗位");
		scope->enterprise_id = a->org_id;
	}
	*kind = k;
	return 0;
}

int import_template_for(struct store *db, const struct actor *a, const char *name,
                        const struct import_kind **kind, int *ncols, struct derr *e)
{
	struct import_scope scope;
	if (kind_for(db, a, name, kind, &scope, e))
		return -1;
	for (*ncols = 0; (*kind)->columns[*ncols].key; (*ncols)++)
		;
	/* A college imports its own students: no college column (the last). */
	if (!strcmp((*kind)->name, "students") && a->role == ROLE_COLLEGE)
		(*ncols)--;
	return 0;
}

int import_file(struct store *db, const struct actor *a, const char *name, const void *data,
                size_t len, int commit, json_t **out, struct derr *e)
{
	const struct import_kind *kind;
	struct import_scope scope;
	*out = NULL;
	if (kind_for(db, a, name, &kind, &scope, e))
		return -1;
	if (!len)
		return derr_code(e, DERR_INVALID, "missing", "file", "请上传 .xlsx 或 .csv 文件");
	return run_file(db, a, kind, &scope, data, len, commit, out, e);
}
