#include "http/router.h"

#include <string.h>

/* An {id} segment is an id as the server writes it: digits only, no sign,
 * no leading zero, at most 18 digits (every int64 id fits); "+1", "1e0",
 * "01", " 1" and "0x1" are not ids, so those paths match no route (404). */
static int canonical_id(const char *s, size_t n)
{
	if (n == 0 || n > 18 || s[0] == '0')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int router_path_matches(const char *pattern, const char *path, const char **param_start,
                        size_t *param_len)
{
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == '{') {
			const char *end = strchr(s, '/');
			size_t n = end ? (size_t)(end - s) : strlen(s);
			if (n == 0 || (!strncmp(p, "{id}", 4) && !canonical_id(s, n)))
				return 0;
			if (param_start) {
				*param_start = s;
				*param_len = n;
			}
			s += n;
			p = strchr(p, '}');
			if (!p)
				return 0;
			p++;
			continue;
		}
		if (*p != *s)
			return 0;
		p++, s++;
	}
	return !*p && !*s;
}

const struct route *router_match(struct arena *a, const char *method, const char *path,
                                 const char **param, int *wrong_method)
{
	*wrong_method = 0;
	*param = NULL;
	for (size_t i = 0; i < routes_count; i++) {
		const char *ps = NULL;
		size_t pn = 0;
		if (!router_path_matches(routes[i].pattern, path, &ps, &pn))
			continue;
		if (strcmp(routes[i].method, method)) {
			*wrong_method = 1;
			continue;
		}
		if (ps)
			*param = arena_strndup(a, ps, pn);
		return &routes[i];
	}
	return NULL;
}
