#include "http/encoding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "base/util.h"

/* 1 when the parameters after a coding's name (";q=0.5", ...) give it a
 * weight of zero. */
static int weight_zero(const char *p, const char *end)
{
	while (p < end) {
		while (p < end && (*p == ';' || *p == ' ' || *p == '\t'))
			p++;
		if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
			p += 2;
			if (p >= end || *p != '0')
				return 0;
			for (p++; p < end && (*p == '.' || *p == '0'); p++)
				;
			return p >= end || *p == ' ' || *p == '\t' || *p == ';';
		}
		while (p < end && *p != ';')
			p++;
	}
	return 0;
}

int encoding_accepts_gzip(const char *ae)
{
	int gzip = -1, star = -1; /* -1 not listed, 0 refused, 1 accepted */
	while (ae && *ae) {
		const char *end = strchr(ae, ',');
		if (!end)
			end = ae + strlen(ae);
		while (ae < end && (*ae == ' ' || *ae == '\t'))
			ae++;
		size_t n = strcspn(ae, ";, \t");
		if (ae + n > end)
			n = (size_t)(end - ae);
		int ok = !weight_zero(ae + n, end);
		if ((n == 4 && !strncasecmp(ae, "gzip", 4)) ||
		    (n == 6 && !strncasecmp(ae, "x-gzip", 6)))
			gzip = ok;
		else if (n == 1 && *ae == '*')
			star = ok;
		ae = *end ? end + 1 : end;
	}
	return gzip >= 0 ? gzip : star == 1;
}

char *encoding_gzip(const char *data, size_t len, size_t *out_len)
{
	z_stream z = {0};
	/* 15 + 16: a gzip header and trailer rather than zlib's; level 5 gets
	 * nearly all of level 9's gain on JSON at a third of the CPU. */
	if (deflateInit2(&z, 5, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	uLong cap = deflateBound(&z, (uLong)len);
	char *out = malloc(cap);
	if (!out) {
		deflateEnd(&z);
		return NULL;
	}
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	*out_len = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END || *out_len >= len) {
		free(out);
		return NULL;
	}
	return out;
}

void encoding_etag(const char *data, size_t len, int gzip, char *out)
{
	char hash[65];
	sha256_hex(data, len, hash);
	snprintf(out, ENCODING_ETAG_SIZE, "\"%.32s%s\"", hash, gzip ? "-gz" : "");
}

int encoding_etag_matches(const char *inm, const char *etag)
{
	if (!inm)
		return 0;
	size_t n = strlen(etag);
	for (const char *p = inm; *p;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return 1;
		if (!strncmp(p, "W/", 2))
			p += 2;
		size_t m = strcspn(p, ", \t");
		if (m == n && !strncmp(p, etag, n))
			return 1;
		p += m;
	}
	return 0;
}
