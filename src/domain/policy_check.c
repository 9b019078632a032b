/*
 * The pre-check of a policy's conditions against what the platform knows of
 * an enterprise (policy.h): pure, no SQL.
 */
#include <stdio.h>
#include <string.h>

#include "domain/policy.h"

static json_t *item(const char *key, const char *label, const char *required, const char *actual,
                    int ok)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:o}", "key", key, "label", label, "required",
	                 required, "actual", actual, "ok", ok < 0 ? json_null() : json_boolean(ok));
}

/* Joins the strings of an array with "、" into out. */
static void join(json_t *arr, char *out, size_t n)
{
	size_t i, used = 0;
	json_t *v;
	out[0] = '\0';
	json_array_foreach(arr, i, v)
	{
		int w = snprintf(out + used, n - used, "%s%s", i ? "、" : "", json_string_value(v));
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
	}
}

static int in_list(json_t *arr, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) if (s && !strcmp(json_string_value(v), s)) return 1;
	return 0;
}

json_t *policy_check(json_t *c, const struct policy_facts *f, int *all_ok)
{
	json_t *out = json_array();
	char need[400], have[120];
	*all_ok = 1;
	if (json_is_true(json_object_get(c, "in_zone"))) {
		json_array_append_new(out, item("in_zone", "注册在高新区", "是",
		                                f->in_zone ? "是" : "否", f->in_zone));
		*all_ok &= f->in_zone;
	}
	json_t *ind = json_object_get(c, "industries");
	if (json_array_size(ind)) {
		int ok = in_list(ind, f->industry_code) || in_list(ind, f->industry_section);
		join(ind, need, sizeof(need));
		snprintf(have, sizeof(have), "%s", f->industry_code ? f->industry_code : "未填写");
		json_array_append_new(out,
		                      item("industries", "所属行业（GB/T 4754）", need, have, ok));
		*all_ok &= ok;
	}
	json_t *sizes = json_object_get(c, "sizes");
	if (json_array_size(sizes)) {
		int ok = in_list(sizes, f->size);
		join(sizes, need, sizeof(need));
		json_array_append_new(
		    out, item("sizes", "企业规模", need, f->size ? f->size : "未填写", ok));
		*all_ok &= ok;
	}
	json_t *hires = json_object_get(c, "min_vocational_hires");
	if (json_is_integer(hires) && json_integer_value(hires) > 0) {
		int ok = f->vocational_hires >= json_integer_value(hires);
		snprintf(need, sizeof(need), "至少 %lld 人", (long long)json_integer_value(hires));
		snprintf(have, sizeof(have), "%lld 人", (long long)f->vocational_hires);
		json_array_append_new(
		    out, item("min_vocational_hires", "录用职教城学生", need, have, ok));
		*all_ok &= ok;
	}
	if (json_is_true(json_object_get(c, "incubator"))) {
		/* The incubator's residents come with issue 11: unknown until then. */
		int ok = f->incubator;
		json_array_append_new(out, item("incubator", "入驻孵化基地", "是",
		                                ok < 0 ? "暂无数据（孵化基地功能上线后核验）"
		                                : ok ? "是"
		                                     : "否",
		                                ok));
		if (ok == 0)
			*all_ok = 0;
	}
	return out;
}

static int strings(json_t *v, size_t max)
{
	size_t i;
	json_t *s;
	if (!json_is_array(v) || json_array_size(v) > max)
		return 0;
	json_array_foreach(v, i, s) if (!json_is_string(s) || !*json_string_value(s) ||
	                                strlen(json_string_value(s)) > 40) return 0;
	return 1;
}

int policy_conditions_valid(json_t *c, struct derr *e)
{
	const char *key;
	json_t *v;
	if (!json_is_object(c))
		return derr_set(e, DERR_INVALID, "conditions", "申报条件应为对象");
	json_object_foreach(c, key, v)
	{
		int ok = (!strcmp(key, "in_zone") || !strcmp(key, "incubator")) ? json_is_boolean(v)
		         : !strcmp(key, "industries") || !strcmp(key, "sizes")  ? strings(v, 100)
		         : !strcmp(key, "min_vocational_hires")
		             ? json_is_integer(v) && json_integer_value(v) >= 0 &&
		                   json_integer_value(v) <= 100000
		             : 0;
		if (!ok)
			return derr_setf(e, DERR_INVALID, "conditions",
			                 "申报条件 %s 无法识别或取值不对", key);
	}
	return 0;
}
