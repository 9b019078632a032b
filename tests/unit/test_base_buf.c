#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/json_write.h"

static void empty_buffer_is_a_string(void **state)
{
	struct buf b = BUF_INIT;
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void appends_grow_and_stay_terminated(void **state)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < 1000; i++)
		buf_addf(&b, "%d,", i);
	assert_int_equal(b.len, strlen(b.data));
	assert_memory_equal(b.data, "0,1,2,", 6);
	assert_string_equal(b.data + b.len - 4, "999,");
	buf_release(&b);
}

static void exact_capacity_boundary(void **state)
{
	struct buf b = BUF_INIT;
	char chunk[64];
	memset(chunk, 'x', sizeof(chunk));
	buf_add(&b, chunk, 63); /* 63 + NUL fills the first 64-byte block */
	buf_add(&b, chunk, 1);
	assert_int_equal(b.len, 64);
	assert_int_equal(b.data[64], '\0');
	buf_release(&b);
}

static void detach_hands_over_bytes(void **state)
{
	struct buf b = BUF_INIT;
	size_t len;
	buf_adds(&b, "天空走廊");
	char *p = buf_detach(&b, &len);
	assert_string_equal(p, "天空走廊");
	assert_int_equal(len, strlen("天空走廊"));
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	free(p);
	p = buf_detach(&b, &len); /* an empty buffer still gives a string */
	assert_string_equal(p, "");
	free(p);
}

/* json_write prints what jansson's compact dump prints: every byte below
 * 0x80 (controls, quotes, backslash, slash, DEL) and UTF-8 text. */
static void json_write_is_janssons_dump(void **state)
{
	char s[140];
	for (int i = 1; i < 128; i++)
		s[i - 1] = (char)i;
	strcpy(s + 127, "\xE5\xB2\x97");
	struct buf b = BUF_INIT;
	json_write_string(&b, s);
	buf_addch(&b, ',');
	json_write_int(&b, -9007199254740993LL);
	json_t *j = json_pack("[s,I]", s, (json_int_t)-9007199254740993LL);
	char *want = json_dumps(j, JSON_COMPACT);
	assert_non_null(want);
	want[strlen(want) - 1] = '\0';
	assert_string_equal(b.data, want + 1);
	free(want);
	json_decref(j);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(empty_buffer_is_a_string),
	    cmocka_unit_test(appends_grow_and_stay_terminated),
	    cmocka_unit_test(exact_capacity_boundary),
	    cmocka_unit_test(detach_hands_over_bytes),
	    cmocka_unit_test(json_write_is_janssons_dump),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
