#include "http/router.h"

#include <string.h>

int router_path_matches(const char *pattern, const char *path, const char **param_start,
                        size_t *param_len)
{
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == '{') {
			const char *end = strchr(s, '/');
			size_t n = end ? (size_t)(end - s) : strlen(s);
			if (n == 0)
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
