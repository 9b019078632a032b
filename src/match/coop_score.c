/* The fit of a need and an offer, in named components; see coop_score.h. */
#include "coop_score.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum { W_KIND = 30, W_MAJOR = 35, W_INDUSTRY = 15, W_CITY = 10, W_QUANTITY = 10 };
enum { MAJOR_CLASS = 25, MAJOR_CATEGORY = 12, INDUSTRY_SECTION = 8, CITY_PROVINCE = 6 };

/* Which offer answers which need, and how fully. */
static const struct {
	const char *need, *offer;
	int points;
	const char *why;
} kinds[] = {
    {"talent", "graduates", W_KIND, "人才需求对应专业与毕业生"},
    {"order_class", "graduates", W_KIND, "订单班对应专业与生源"},
    {"tech", "expertise", W_KIND, "技术难题对应教师专长"},
    {"tech", "lab", W_KIND / 2, "技术难题可借助实训室与设备"},
    {"training", "service", W_KIND, "员工培训对应培训服务"},
    {"training", "expertise", W_KIND / 2, "员工培训可由专业教师承担"},
    {"equipment", "lab", W_KIND, "设备需求对应实训室与设备"},
    {"equipment", "service", W_KIND / 3, "设备需求可借助社会服务"},
};

__attribute__((format(printf, 5, 6))) static void
set(struct coop_component *c, const char *key, const char *label, int max, const char *fmt, ...)
{
	va_list ap;
	c->key = key;
	c->label = label;
	c->max_points = max;
	va_start(ap, fmt);
	vsnprintf(c->reason, sizeof(c->reason), fmt, ap);
	va_end(ap);
}

static void score_kind(const struct coop_side *n, const struct coop_side *o,
                       struct coop_component *c)
{
	set(c, "kind", "类型对口", W_KIND, "需求与资源类型不对应");
	for (size_t i = 0; n->kind && o->kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].need, n->kind) && !strcmp(kinds[i].offer, o->kind)) {
			c->points = kinds[i].points;
			snprintf(c->reason, sizeof(c->reason), "%s", kinds[i].why);
		}
}

static size_t common_prefix(const char *a, const char *b)
{
	size_t k = 0;
	while (a[k] && a[k] == b[k])
		k++;
	return k;
}

/* Points for one pair of major codes and the level it reaches. */
static int major_pair(const char *need, const char *offer, const char **level)
{
	size_t ln = strlen(need), lo = strlen(offer), cp = common_prefix(need, offer);
	if (cp == ln && ln <= lo && ln >= 2) { /* the need's code covers the offer's */
		*level = "符合需求的专业范围";
		return W_MAJOR;
	}
	if (cp >= 4) {
		*level = "同属专业类";
		return MAJOR_CLASS;
	}
	if (cp >= 2) {
		*level = "同属专业大类";
		return MAJOR_CATEGORY;
	}
	*level = NULL;
	return 0;
}

static void score_major(const struct coop_side *n, const struct coop_side *o,
                        struct coop_component *c)
{
	if (!n->n_majors || !o->n_majors) {
		set(c, "major", "专业对口", W_MAJOR, "%s未注明专业",
		    !n->n_majors ? "需求" : "资源");
		return;
	}
	set(c, "major", "专业对口", W_MAJOR, "专业不对口");
	for (size_t i = 0; i < n->n_majors; i++)
		for (size_t j = 0; j < o->n_majors; j++) {
			const char *level;
			int p = major_pair(n->majors[i], o->majors[j], &level);
			if (p > c->points) {
				c->points = p;
				snprintf(c->reason, sizeof(c->reason), "%s：需求 %s，资源 %s",
				         level, n->majors[i], o->majors[j]);
			}
		}
}

static void score_industry(const struct coop_side *n, const struct coop_side *o,
                           struct coop_component *c)
{
	if (!n->n_industries || !o->n_industries) {
		set(c, "industry", "行业对口", W_INDUSTRY, "%s未注明行业",
		    !n->n_industries ? "需求" : "资源");
		return;
	}
	set(c, "industry", "行业对口", W_INDUSTRY, "行业不同");
	for (size_t i = 0; i < n->n_industries; i++)
		for (size_t j = 0; j < o->n_industries; j++) {
			const char *a = n->industries[i], *b = o->industries[j];
			if (!a[0] || a[0] != b[0])
				continue;
			int same_division = a[1] && !strcmp(a, b);
			int p = same_division ? W_INDUSTRY : INDUSTRY_SECTION;
			if (p > c->points) {
				c->points = p;
				snprintf(c->reason, sizeof(c->reason),
				         same_division ? "同一行业大类 %s" : "同一行业门类 %.1s",
				         same_division ? a + 1 : a);
			}
		}
}

static void score_city(const struct coop_side *n, const struct coop_side *o,
                       struct coop_component *c)
{
	if (!n->city || !o->city || !n->city[0] || !o->city[0]) {
		set(c, "city", "地域", W_CITY, "%s未注明城市",
		    !n->city || !n->city[0] ? "需求" : "资源");
		return;
	}
	if (!strcmp(n->city, o->city)) {
		set(c, "city", "地域", W_CITY, "同城（%s）", n->city);
		c->points = W_CITY;
	} else if (!strncmp(n->city, o->city, 2)) {
		set(c, "city", "地域", W_CITY, "同省（%.2s）", n->city);
		c->points = CITY_PROVINCE;
	} else {
		set(c, "city", "地域", W_CITY, "不同省份");
	}
}

static void score_quantity(const struct coop_side *n, const struct coop_side *o,
                           struct coop_component *c)
{
	if (n->quantity <= 0 || o->quantity <= 0) {
		set(c, "quantity", "数量", W_QUANTITY, "%s未注明数量",
		    n->quantity <= 0 ? "需求" : "资源");
		return;
	}
	int64_t cover = o->quantity < n->quantity ? o->quantity : n->quantity;
	c->points = (int)(W_QUANTITY * cover / n->quantity);
	set(c, "quantity", "数量", W_QUANTITY, "需求 %lld，可提供 %lld%s", (long long)n->quantity,
	    (long long)o->quantity, o->quantity >= n->quantity ? "，可满足" : "");
}

int coop_score(const struct coop_side *need, const struct coop_side *offer,
               struct coop_explanation *out)
{
	memset(out, 0, sizeof(*out));
	score_kind(need, offer, &out->components[0]);
	score_major(need, offer, &out->components[1]);
	score_industry(need, offer, &out->components[2]);
	score_city(need, offer, &out->components[3]);
	score_quantity(need, offer, &out->components[4]);
	for (int i = 0; i < COOP_N_COMPONENTS; i++)
		out->total += out->components[i].points;
	return out->total;
}
