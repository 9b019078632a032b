/*
 * match_score.c - the reference scorer and explanations.
 *
 * score_reference() is the specification of a score (design note 3 in
 * match.c): every other path must agree with it.  It walks the raw, sorted
 * lists of both sides; it is clear rather than fast.
 *
 * Explanations name each component with a stable English key (for programs
 * and the API), a zh-CN label (for people) and a short zh-CN reason that
 * names the things compared: "专业完全对口 (机电一体化技术)".  Names come from
 * the labels set with match_snapshot_set_label(); without one the code is
 * printed.  Reasons are cut at a character boundary to fit their buffer.
 */
#include "match_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const component_key[MATCH_N_COMPONENTS] = {
    "major_fit", "skills_required", "skills_preferred", "certificates",
    "city",      "salary",          "interest",
};

static const char *const component_label[MATCH_N_COMPONENTS] = {
    "专业匹配", "必备技能", "加分技能", "资格证书", "工作城市", "薪资匹配", "求职意向",
};

static const char *const veto_key[MATCH_N_VETOES] = {
    "position_closed",
    "position_full",
    "major_not_accepted",
    "degree_below_minimum",
    "graduation_year_outside_window",
};

static const char *const veto_label[MATCH_N_VETOES] = {
    "岗位已关闭", "岗位已招满", "专业不符", "学历不符", "毕业年份不符",
};

static const char *const degree_name[MATCH_DEGREE_MAX + 1] = {
    "未填写学历", "中职", "高职专科", "本科", "硕士",
};

/* ---- the reference scorer ----------------------------------------------- */

/* How many items two sorted, unique lists have in common. */
static uint32_t count_common(const uint32_t *a, uint32_t n, const uint32_t *b, uint32_t m)
{
	uint32_t i = 0, j = 0, k = 0;

	while (i < n && j < m) {
		if (a[i] < b[j]) {
			i++;
		} else if (a[i] > b[j]) {
			j++;
		} else {
			k++;
			i++;
			j++;
		}
	}
	return k;
}

int student_interest(const struct match_snapshot *sn, const struct student_rec *st, match_id pid)
{
	const uint32_t *iv = sn->pool + st->interests_off;
	uint32_t lo = 0, hi = st->n_interests;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (iv[2 * mid] < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < st->n_interests && iv[2 * lo] == pid ? (int)iv[2 * lo + 1] : 0;
}

/*
 * Scores student si with position pi into *d.  When all is 0 the work stops
 * after the hard filters if one fails (the naive market only needs to know
 * that); explanations pass 1 to get every component anyway.
 */
static void score_pair(const struct match_snapshot *sn, uint32_t si, uint32_t pi,
                       struct pair_detail *d, int all)
{
	const struct student_rec *s = &sn->students[si];
	const struct position_rec *p = &sn->positions[pi];
	const struct match_weights *w = &sn->w;
	const uint32_t *codes = sn->pool + p->codes_off;
	const uint32_t *skills = sn->pool + s->skills_off;
	int covered = 0;

	memset(d, 0, sizeof(*d));
	if (p->closed)
		d->vetoes |= 1u << MATCH_VETO_CLOSED;
	if (p->filled >= p->headcount)
		d->vetoes |= 1u << MATCH_VETO_FULL;
	for (uint32_t i = 0; i < p->n_codes && s->major; i++) {
		int lvl = shared_level(s->major, codes[i]);
		if (lvl > d->fit_level)
			d->fit_level = lvl;
		if (lvl == code_level(codes[i]))
			covered = 1;
	}
	if (p->majors_required && p->n_codes && !covered)
		d->vetoes |= 1u << MATCH_VETO_MAJOR;
	if (s->degree < p->min_degree)
		d->vetoes |= 1u << MATCH_VETO_DEGREE;
	if ((p->year_min && (s->grad_year == 0 || s->grad_year < p->year_min)) ||
	    (p->year_max && (s->grad_year == 0 || s->grad_year > p->year_max)))
		d->vetoes |= 1u << MATCH_VETO_GRAD_YEAR;
	if (d->vetoes && !all)
		return;

	d->req_have = count_common(skills, s->n_skills, sn->pool + p->req_off, p->n_req);
	d->pref_have = count_common(skills, s->n_skills, sn->pool + p->pref_off, p->n_pref);
	d->certs_have =
	    count_common(sn->pool + s->certs_off, s->n_certs, sn->pool + p->certs_off, p->n_certs);
	d->city_rank = city_rank(s->cities, s->n_cities, p->city);
	d->interest = student_interest(sn, s, p->id);

	d->comp[MATCH_C_MAJOR_FIT] = fit_points(w, d->fit_level);
	d->comp[MATCH_C_SKILLS_REQUIRED] = share_points(w->skills_required, d->req_have, p->n_req);
	d->comp[MATCH_C_SKILLS_PREFERRED] =
	    share_points(w->skills_preferred, d->pref_have, p->n_pref);
	d->comp[MATCH_C_CERTIFICATES] = share_points(w->certificates, d->certs_have, p->n_certs);
	d->comp[MATCH_C_CITY] = city_points(w, d->city_rank);
	d->comp[MATCH_C_SALARY] = salary_points(w, s->salary, p->salary_min, p->salary_max);
	d->comp[MATCH_C_INTEREST] = interest_points(w, d->interest);
	for (int c = 0; c < MATCH_N_COMPONENTS; c++)
		d->total += d->comp[c];
}

void score_reference(const struct match_snapshot *sn, uint32_t si, uint32_t pi,
                     struct pair_detail *d)
{
	score_pair(sn, si, pi, d, 0);
}

int32_t match_score(const struct match_snapshot *sn, match_id student, match_id position,
                    enum match_veto_kind *veto)
{
	long si = match_snapshot_student_index(sn, student);
	long pi = match_snapshot_position_index(sn, position);
	struct pair_detail d;

	if (si < 0 || pi < 0)
		return MATCH_UNKNOWN;
	score_pair(sn, (uint32_t)si, (uint32_t)pi, &d, 0);
	if (d.vetoes) {
		if (veto)
			*veto = (enum match_veto_kind)__builtin_ctz(d.vetoes);
		return MATCH_VETOED;
	}
	return d.total;
}

/* ---- reasons ------------------------------------------------------------ */

/* A fixed buffer that is always NUL-terminated and never ends inside a
 * UTF-8 character; text that does not fit is replaced by "…". */
struct reason {
	char *buf;
	size_t len;
	int full;
};

static void reason_add(struct reason *r, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	size_t n, room;

	if (r->full)
		return;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	n = strlen(tmp);
	room = MATCH_REASON_MAX - 1 - r->len;
	if (n > room) {
		/* keep room for "…" (3 bytes) and cut at a character boundary */
		size_t cut = room >= 3 ? room - 3 : 0;
		while (cut > 0 && ((unsigned char)tmp[cut] & 0xC0) == 0x80)
			cut--;
		memcpy(r->buf + r->len, tmp, cut);
		r->len += cut;
		if (room >= 3) {
			memcpy(r->buf + r->len, "…", 3);
			r->len += 3;
		}
		r->full = 1;
	} else {
		memcpy(r->buf + r->len, tmp, n);
		r->len += n;
	}
	r->buf[r->len] = '\0';
}

static struct reason reason_start(char *buf)
{
	struct reason r = {.buf = buf, .len = 0, .full = 0};

	buf[0] = '\0';
	return r;
}

/* The name of a major-catalogue code: its label, or its digits. */
static const char *major_name(const struct match_snapshot *sn, uint32_t code, char *digits)
{
	const char *l = snapshot_label(sn, MATCH_DICT_MAJOR, code);

	return l ? l : match_major_format(code, digits);
}

/* The name of a dictionary entry: its label, or its number. */
static const char *dict_name(const struct match_snapshot *sn, enum match_dict dict, uint32_t key,
                             char *num)
{
	const char *l = snapshot_label(sn, dict, key);

	if (l)
		return l;
	snprintf(num, 12, "#%u", key);
	return num;
}

/* Adds the items of a (sorted) that are (want != 0) or are not in b. */
static void reason_items(struct reason *r, const struct match_snapshot *sn, enum match_dict dict,
                         const uint32_t *a, uint32_t n, const uint32_t *b, uint32_t m, int want)
{
	uint32_t j = 0;
	int first = 1;
	char num[12];

	for (uint32_t i = 0; i < n; i++) {
		while (j < m && b[j] < a[i])
			j++;
		int in_b = j < m && b[j] == a[i];
		if (in_b != want)
			continue;
		reason_add(r, "%s%s", first ? "" : "、", dict_name(sn, dict, a[i], num));
		first = 0;
	}
}

/* The reason for a list component (skills or certificates). */
static void list_reason(struct reason *r, const struct match_snapshot *sn, enum match_dict dict,
                        const char *what, int32_t unit, const uint32_t *have, uint32_t n_have,
                        const uint32_t *wanted, uint32_t n_wanted, uint32_t common)
{
	if (n_wanted == 0) {
		reason_add(r, "岗位未列出%s", what);
		return;
	}
	reason_add(r, "具备 %u/%u 项%s", common, n_wanted, what);
	if (common < n_wanted)
		reason_add(r, " (每项 %d 分)", unit);
	if (common) {
		reason_add(r, ": ");
		reason_items(r, sn, dict, wanted, n_wanted, have, n_have, 1);
	}
	if (common < n_wanted) {
		reason_add(r, "; 缺少: ");
		reason_items(r, sn, dict, wanted, n_wanted, have, n_have, 0);
	}
}

static void explain_components(const struct match_snapshot *sn, const struct student_rec *s,
                               const struct position_rec *p, const struct pair_detail *d,
                               struct match_explanation *out)
{
	const struct match_weights *w = &sn->w;
	char digits[8], num[12];
	int32_t maxes[MATCH_N_COMPONENTS];

	maxes[MATCH_C_MAJOR_FIT] = w->major_same > w->major_class ? w->major_same : w->major_class;
	if (w->major_category > maxes[MATCH_C_MAJOR_FIT])
		maxes[MATCH_C_MAJOR_FIT] = w->major_category;
	maxes[MATCH_C_SKILLS_REQUIRED] = w->skills_required;
	maxes[MATCH_C_SKILLS_PREFERRED] = w->skills_preferred;
	maxes[MATCH_C_CERTIFICATES] = w->certificates;
	maxes[MATCH_C_CITY] = w->city_first > w->city_other ? w->city_first : w->city_other;
	if (w->city_no_preference > maxes[MATCH_C_CITY])
		maxes[MATCH_C_CITY] = w->city_no_preference;
	maxes[MATCH_C_SALARY] = w->salary;
	maxes[MATCH_C_INTEREST] =
	    w->interest_applied > w->interest_saved ? w->interest_applied : w->interest_saved;
	if (w->interest_viewed > maxes[MATCH_C_INTEREST])
		maxes[MATCH_C_INTEREST] = w->interest_viewed;

	out->n_components = MATCH_N_COMPONENTS;
	for (int c = 0; c < MATCH_N_COMPONENTS; c++) {
		struct match_component *mc = &out->components[c];
		struct reason r = reason_start(mc->reason);

		mc->kind = (enum match_component_kind)c;
		mc->key = component_key[c];
		mc->label = component_label[c];
		mc->points = d->comp[c];
		mc->max_points = maxes[c];
		switch (c) {
		case MATCH_C_MAJOR_FIT:
			if (p->n_codes == 0)
				reason_add(&r, "岗位未限定专业");
			else if (!s->major)
				reason_add(&r, "学生未填写专业");
			else if (d->fit_level == 3)
				reason_add(&r, "专业完全对口 (%s)",
				           major_name(sn, s->major, digits));
			else if (d->fit_level == 2)
				reason_add(&r, "同属专业类 (%s)",
				           major_name(sn, match_major_class(s->major), digits));
			else if (d->fit_level == 1)
				reason_add(&r, "同属专业大类 (%s)",
				           major_name(sn, match_major_category(s->major), digits));
			else
				reason_add(&r, "专业不相关 (%s)", major_name(sn, s->major, digits));
			break;
		case MATCH_C_SKILLS_REQUIRED:
			list_reason(&r, sn, MATCH_DICT_SKILL, "必备技能",
			            share_unit(w->skills_required, p->n_req),
			            sn->pool + s->skills_off, s->n_skills, sn->pool + p->req_off,
			            p->n_req, d->req_have);
			break;
		case MATCH_C_SKILLS_PREFERRED:
			list_reason(&r, sn, MATCH_DICT_SKILL, "加分技能",
			            share_unit(w->skills_preferred, p->n_pref),
			            sn->pool + s->skills_off, s->n_skills, sn->pool + p->pref_off,
			            p->n_pref, d->pref_have);
			break;
		case MATCH_C_CERTIFICATES:
			list_reason(&r, sn, MATCH_DICT_CERTIFICATE, "所需证书",
			            share_unit(w->certificates, p->n_certs),
			            sn->pool + s->certs_off, s->n_certs, sn->pool + p->certs_off,
			            p->n_certs, d->certs_have);
			break;
		case MATCH_C_CITY:
			if (p->city == 0)
				reason_add(&r, "岗位未标明工作城市");
			else if (d->city_rank == -2)
				reason_add(&r, "学生未填写意向城市");
			else if (d->city_rank >= 0)
				reason_add(&r, "工作地点 %s 是第 %d 意向城市",
				           dict_name(sn, MATCH_DICT_CITY, p->city, num),
				           d->city_rank + 1);
			else
				reason_add(&r, "工作地点 %s 不在意向城市中",
				           dict_name(sn, MATCH_DICT_CITY, p->city, num));
			break;
		case MATCH_C_SALARY: {
			uint32_t lo = p->salary_min ? p->salary_min : p->salary_max;
			uint32_t hi = p->salary_max ? p->salary_max : p->salary_min;
			if (hi == 0)
				reason_add(&r, "岗位未标明薪资");
			else if (s->salary == 0)
				reason_add(&r, "学生未填写期望薪资");
			else if (s->salary <= lo)
				reason_add(&r, "期望 %u 元/月不高于岗位最低薪资 %u 元/月",
				           s->salary, lo);
			else if (s->salary <= lo + (hi - lo) / 2)
				reason_add(&r, "期望 %u 元/月在岗位薪资 %u–%u 元/月的下半段",
				           s->salary, lo, hi);
			else if (s->salary <= hi)
				reason_add(&r, "期望 %u 元/月在岗位薪资 %u–%u 元/月的上半段",
				           s->salary, lo, hi);
			else
				reason_add(&r, "期望 %u 元/月高于岗位薪资 %u–%u 元/月", s->salary,
				           lo, hi);
			break;
		}
		case MATCH_C_INTEREST:
			reason_add(&r, "%s",
			           d->interest == MATCH_INTEREST_APPLIED  ? "已投递该岗位"
			           : d->interest == MATCH_INTEREST_SAVED  ? "已收藏该岗位"
			           : d->interest == MATCH_INTEREST_VIEWED ? "浏览过该岗位"
			                                                  : "尚未浏览该岗位");
			break;
		}
	}
}

static void explain_vetoes(const struct match_snapshot *sn, const struct student_rec *s,
                           const struct position_rec *p, const struct pair_detail *d,
                           struct match_explanation *out)
{
	char digits[8];

	out->n_vetoes = 0;
	for (int v = 0; v < MATCH_N_VETOES; v++) {
		if (!(d->vetoes >> v & 1))
			continue;
		struct match_veto *mv = &out->vetoes[out->n_vetoes++];
		struct reason r = reason_start(mv->reason);

		mv->kind = (enum match_veto_kind)v;
		mv->key = veto_key[v];
		mv->label = veto_label[v];
		switch (v) {
		case MATCH_VETO_CLOSED:
			reason_add(&r, "岗位已停止招聘");
			break;
		case MATCH_VETO_FULL:
			reason_add(&r, "招聘 %u 人, 已录用 %u 人", p->headcount, p->filled);
			break;
		case MATCH_VETO_MAJOR: {
			const uint32_t *codes = sn->pool + p->codes_off;
			if (s->major)
				reason_add(&r, "学生专业 %s 不在岗位限定专业内: ",
				           major_name(sn, s->major, digits));
			else
				reason_add(&r, "学生未填写专业; 岗位限定专业: ");
			for (uint32_t i = 0; i < p->n_codes; i++)
				reason_add(&r, "%s%s", i ? "、" : "",
				           major_name(sn, codes[i], digits));
			break;
		}
		case MATCH_VETO_DEGREE:
			reason_add(&r, "岗位要求%s及以上学历, 学生为%s", degree_name[p->min_degree],
			           degree_name[s->degree]);
			break;
		case MATCH_VETO_GRAD_YEAR:
			if (p->year_min && p->year_max)
				reason_add(&r, "岗位要求 %u–%u 届毕业生", p->year_min, p->year_max);
			else if (p->year_min)
				reason_add(&r, "岗位要求 %u 届及以后毕业生", p->year_min);
			else
				reason_add(&r, "岗位要求 %u 届及以前毕业生", p->year_max);
			if (s->grad_year)
				reason_add(&r, ", 学生为 %u 届", s->grad_year);
			else
				reason_add(&r, ", 学生未填写毕业年份");
			break;
		}
	}
}

int match_explain(const struct match_snapshot *sn, match_id student, match_id position,
                  struct match_explanation *out)
{
	long si = match_snapshot_student_index(sn, student);
	long pi = match_snapshot_position_index(sn, position);
	struct pair_detail d;

	if (si < 0 || pi < 0)
		return -ENOENT;
	score_pair(sn, (uint32_t)si, (uint32_t)pi, &d, 1);
	memset(out, 0, sizeof(*out));
	out->student = student;
	out->position = position;
	out->total = d.total;
	out->eligible = d.vetoes == 0;
	explain_components(sn, &sn->students[si], &sn->positions[pi], &d, out);
	explain_vetoes(sn, &sn->students[si], &sn->positions[pi], &d, out);
	return 0;
}
