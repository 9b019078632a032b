#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "http/encoding.h"

static void accept_encoding(void **state)
{
	const char *yes[] = {
	    "gzip",   "gzip, deflate, br", "br;q=1.0, gzip;q=0.8", "GZIP", "*", "deflate, *;q=0.5",
	    "x-gzip", "gzip;q=0.001",      " br , gzip ;q=1"};
	const char *no[] = {"",         "identity",     "br, deflate",
	                    "gzip;q=0", "gzip;q=0.000", "*, gzip;q=0",
	                    "*;q=0",    "gzipped",      "deflate, gzip; q=0"};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!encoding_accepts_gzip(yes[i]))
			fail_msg("refused: \"%s\"", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (encoding_accepts_gzip(no[i]))
			fail_msg("accepted: \"%s\"", no[i]);
	assert_false(encoding_accepts_gzip(NULL));
}

static void gzip_round_trip(void **state)
{
	char text[8000];
	for (size_t i = 0; i < sizeof(text); i++)
		text[i] = "{\"code\":\"460101\",\"name\":\"机电一体化\"},"[i % 43];
	size_t zlen = 0;
	char *z = encoding_gzip(text, sizeof(text), &zlen);
	assert_non_null(z);
	assert_true(zlen < sizeof(text) / 4);
	assert_int_equal((unsigned char)z[0], 0x1f); /* the gzip magic */
	assert_int_equal((unsigned char)z[1], 0x8b);
	char back[sizeof(text)];
	z_stream s = {0};
	assert_int_equal(inflateInit2(&s, 15 + 16), Z_OK);
	s.next_in = (Bytef *)z;
	s.avail_in = (uInt)zlen;
	s.next_out = (Bytef *)back;
	s.avail_out = sizeof(back);
	assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
	assert_int_equal(s.total_out, sizeof(text));
	inflateEnd(&s);
	assert_memory_equal(back, text, sizeof(text));
	free(z);
	/* Random-looking bytes do not shrink: nothing to send compressed. */
	unsigned char noise[64];
	for (size_t i = 0; i < sizeof(noise); i++)
		noise[i] = (unsigned char)(i * 197 + 89);
	assert_null(encoding_gzip((const char *)noise, sizeof(noise), &zlen));
}

static void etags(void **state)
{
	char a[ENCODING_ETAG_SIZE], b[ENCODING_ETAG_SIZE], c[ENCODING_ETAG_SIZE];
	encoding_etag("{\"items\":[]}", 12, 0, a);
	encoding_etag("{\"items\":[]}", 12, 1, b);
	encoding_etag("{\"items\":[1]}", 13, 0, c);
	assert_int_equal(a[0], '"');
	assert_string_not_equal(a, b); /* the gzip variant has its own tag */
	assert_string_not_equal(a, c); /* other content, other tag */
	assert_true(encoding_etag_matches(a, a));
	char list[200];
	snprintf(list, sizeof(list), "\"x\", W/%s", a);
	assert_true(encoding_etag_matches(list, a));
	assert_true(encoding_etag_matches("*", a));
	assert_false(encoding_etag_matches(c, a));
	assert_false(encoding_etag_matches(NULL, a));
	assert_false(encoding_etag_matches("", a));
	/* A prefix of the tag is not the tag. */
	char cut[ENCODING_ETAG_SIZE];
	snprintf(cut, sizeof(cut), "%.10s\"", a);
	assert_false(encoding_etag_matches(cut, a));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(accept_encoding),
	    cmocka_unit_test(gzip_round_trip),
	    cmocka_unit_test(etags),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
