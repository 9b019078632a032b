/* Job fair rules; see fair.h. */
#include "domain/fair.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/pii.h"
#include "domain/recruit.h"

static const char *const statuses[][2] = {
    {"draft", "草稿"},  {"signup", "报名中"},   {"signup_closed", "报名截止"},
    {"live", "进行中"}, {"finished", "已结束"}, {"cancelled", "已取消"},
};
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))

static int status_index(const char *s)
{
	for (size_t i = 0; s && i < NSTATUS; i++)
		if (!strcmp(s, statuses[i][0]))
			return (int)i;
	return -1;
}

int fair_status_valid(const char *status)
{
	return status_index(status) >= 0;
}

int fair_transition_ok(const char *from, const char *to)
{
	int f = status_index(from), t = status_index(to);
	if (f < 0 || t < 0 || f >= 4) /* finished and cancelled are final */
		return 0;
	return t == f + 1 || !strcmp(to, "cancelled");
}

const char *fair_status_label(const char *status)
{
	int i = status_index(status);
	return i < 0 ? "?" : statuses[i][1];
}

static int list_has_int(const json_t *list, int64_t v)
{
	size_t i;
	json_t *x;
	json_array_foreach(list, i,
	                   x) if (json_is_integer(x) && json_integer_value(x) == v) return 1;
	return 0;
}

const char *fair_ineligible(const json_t *colleges, const json_t *majors, const json_t *years,
                            int64_t college, const char *major, int64_t grad_year,
                            const char **field)
{
	if (json_array_size(colleges) && !list_has_int(colleges, college)) {
		*field = "college";
		return "所在院校不在本场招聘会的邀请范围内";
	}
	if (json_array_size(majors)) {
		int ok = 0;
		size_t i;
		json_t *x;
		json_array_foreach(majors, i, x)
		{
			if (major && json_is_string(x) &&
			    major_accepted(major, json_string_value(x)))
				ok = 1;
		}
		if (!ok) {
			*field = "major";
			return "所学专业不在本场招聘会面向的专业范围内";
		}
	}
	if (json_array_size(years) && !list_has_int(years, grad_year)) {
		*field = "grad_year";
		return "毕业年份不在本场招聘会面向的届别内";
	}
	return NULL;
}

/* ---- entry passes ---- */

#define MAC_BYTES 16

static int pass_mac(const char *msg, char out[32])
{
	unsigned char key[32], full[crypto_auth_hmacsha256_BYTES];
	if (pii_derive_key("fairpass", 1, key))
		return -1;
	crypto_auth_hmacsha256(full, (const unsigned char *)msg, strlen(msg), key);
	sodium_memzero(key, sizeof(key));
	sodium_bin2base64(out, 32, full, MAC_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

int fair_pass_make(int64_t fair, int64_t reg, int64_t expires, char out[FAIR_PASS_MAX])
{
	char msg[64], mac[32];
	snprintf(msg, sizeof(msg), "SKY1.%" PRId64 ".%" PRId64 ".%" PRId64, fair, reg, expires);
	if (pass_mac(msg, mac))
		return -1;
	snprintf(out, FAIR_PASS_MAX, "%s.%s", msg, mac);
	return 0;
}

/* Parses a positive decimal number ending at '.' or NUL; advances *p. */
static int parse_num(const char **p, int64_t *out)
{
	const char *s = *p;
	int64_t v = 0;
	if (*s < '0' || *s > '9' || (*s == '0' && s[1] >= '0' && s[1] <= '9'))
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	*p = s;
	return 0;
}

enum fair_pass_result fair_pass_check(const char *pass, int64_t fair, int64_t now, int64_t *reg)
{
	int64_t f, r, exp;
	const char *p = pass;
	if (!pass || strlen(pass) >= FAIR_PASS_MAX || strncmp(p, "SKY1.", 5))
		return FAIR_PASS_MALFORMED;
	p += 5;
	if (parse_num(&p, &f) || *p++ != '.' || parse_num(&p, &r) || *p++ != '.' ||
	    parse_num(&p, &exp) || *p != '.')
		return FAIR_PASS_MALFORMED;
	char msg[64], mac[32];
	size_t head = (size_t)(p - pass);
	if (head >= sizeof(msg))
		return FAIR_PASS_MALFORMED;
	memcpy(msg, pass, head);
	msg[head] = '\0';
	if (pass_mac(msg, mac))
		return FAIR_PASS_FORGED;
	const char *sent = p + 1;
	if (strlen(sent) != strlen(mac) || sodium_memcmp(sent, mac, strlen(mac)))
		return FAIR_PASS_FORGED;
	if (f != fair)
		return FAIR_PASS_OTHER_FAIR;
	if (exp < now)
		return FAIR_PASS_EXPIRED;
	*reg = r;
	return FAIR_PASS_OK;
}

const char *fair_pass_reason(enum fair_pass_result r)
{
	switch (r) {
	case FAIR_PASS_OK:
		return "ok";
	case FAIR_PASS_MALFORMED:
		return "malformed";
	case FAIR_PASS_FORGED:
		return "forged";
	case FAIR_PASS_OTHER_FAIR:
		return "other_fair";
	case FAIR_PASS_EXPIRED:
		return "expired";
	}
	return "?";
}

const char *fair_pass_message(enum fair_pass_result r)
{
	switch (r) {
	case FAIR_PASS_OK:
		return "有效";
	case FAIR_PASS_MALFORMED:
		return "不是本平台的入场码";
	case FAIR_PASS_FORGED:
		return "入场码校验失败（伪造或被篡改）";
	case FAIR_PASS_OTHER_FAIR:
		return "这是其他招聘会的入场码";
	case FAIR_PASS_EXPIRED:
		return "入场码已过期";
	}
	return "?";
}

void fair_short_code(char out[9])
{
	static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; /* 32 */
	for (int i = 0; i < 8; i++)
		out[i] = alphabet[randombytes_uniform(32)];
	out[8] = '\0';
}

/* ---- booth allocation ---- */

struct order {
	const struct fair_alloc *e;
	size_t index;
};

static int by_section(const void *a, const void *b)
{
	const struct fair_alloc *x = ((const struct order *)a)->e,
	                        *y = ((const struct order *)b)->e;
	const char *sx = x->section ? x->section : "", *sy = y->section ? y->section : "";
	/* Unknown industry last. */
	if (!*sx != !*sy)
		return !*sx ? 1 : -1;
	int c = strcmp(sx, sy);
	if (c)
		return c;
	return (x->enterprise > y->enterprise) - (x->enterprise < y->enterprise);
}

int fair_allocate(const struct fair_alloc *in, size_t n, int booths, int *booth)
{
	if (booths < 0 || n > (size_t)booths)
		return -1;
	if (!n)
		return 0;
	struct order *o = malloc(n * sizeof(*o));
	if (!o)
		return -1;
	for (size_t i = 0; i < n; i++)
		o[i] = (struct order){&in[i], i};
	qsort(o, n, sizeof(*o), by_section);
	for (size_t i = 0; i < n; i++)
		booth[o[i].index] = (int)i + 1;
	free(o);
	return 0;
}
