/* Claiming a student record: how names, ID digits and activation codes
 * are normalised, spelled and hashed, and the start-up backfill of the
 * ID-digit proof (on a real SQLite database). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "domain/claim.h"
#include "domain/pii.h"
#include "store/migrate.h"
#include "store/store.h"

static const char key_hex[] = "5b1f0c2e9a7d4e3f8c6b5a4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f";

static void names_compare_without_blanks_and_with_one_dot(void **state)
{
	char a[64], b[64];
	assert_int_equal(claim_name_normalize(" 张 思远 ", a, sizeof(a)), 0);
	assert_string_equal(a, "张思远");
	assert_int_equal(claim_name_normalize("张\xe3\x80\x80思远", b, sizeof(b)), 0); /* U+3000 */
	assert_string_equal(a, b);
	/* 买买提·艾力 written with four different dots */
	const char *dots[] = {"买买提·艾力", "买买提•艾力", "买买提・艾力", "买买提.艾力"};
	for (int i = 0; i < 4; i++) {
		assert_int_equal(claim_name_normalize(dots[i], b, sizeof(b)), 0);
		assert_string_equal(b, "买买提·艾力");
	}
	assert_int_equal(claim_name_normalize("张三", a, sizeof(a)), 0);
	assert_string_not_equal(a, "张思远");
	/* too long for the buffer: refused, never cut */
	assert_int_equal(claim_name_normalize("张思远", a, 10), 0);
	assert_int_equal(claim_name_normalize("张思远", a, 9), -1);
}

static void id6_is_five_digits_then_a_digit_or_x(void **state)
{
	char out[7];
	assert_int_equal(claim_id6_normalize("12345x", out), 0);
	assert_string_equal(out, "12345X");
	assert_int_equal(claim_id6_normalize("123456", out), 0);
	assert_int_equal(claim_id6_normalize("1234x6", out), -1);
	assert_int_equal(claim_id6_normalize("12345", out), -1);
	assert_int_equal(claim_id6_normalize("1234567", out), -1);
	assert_int_equal(claim_id6_normalize("12 456", out), -1);
	assert_int_equal(claim_id6_normalize(NULL, out), -1);
}

static void codes_round_trip_and_refuse_what_is_not_one(void **state)
{
	unsigned char rnd[8] = {0xde, 0xad, 0xbe, 0xef, 0x01, 0x23, 0x45, 0x67};
	char text[CLAIM_CODE_TEXT], norm[CLAIM_CODE_CHARS + 1], again[CLAIM_CODE_CHARS + 1];
	claim_code_format(rnd, text);
	assert_int_equal(strlen(text), 14);
	assert_true(text[4] == '-' && text[9] == '-');
	assert_int_equal(claim_code_normalize(text, norm), 0);
	assert_int_equal(strlen(norm), CLAIM_CODE_CHARS);
	/* typed in lower case with blanks: the same code */
	char typed[40];
	snprintf(typed, sizeof(typed), " %.4s %.4s-%.4s", norm, norm + 4, norm + 8);
	for (char *p = typed; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	assert_int_equal(claim_code_normalize(typed, again), 0);
	assert_string_equal(norm, again);
	/* no 0, 1, I or O in the alphabet; 11 or 13 characters are not a code */
	assert_int_equal(claim_code_normalize("ABCD-EFGH-JKL0", norm), -1);
	assert_int_equal(claim_code_normalize("ABCD-EFGH-JKLI", norm), -1);
	assert_int_equal(claim_code_normalize("ABCD-EFGH-JKL", norm), -1);
	assert_int_equal(claim_code_normalize("ABCD-EFGH-JKLMN", norm), -1);
	assert_int_equal(claim_code_normalize("ABCD-EFGH-JKLM", norm), 0);
	/* different bits, different codes */
	char other[CLAIM_CODE_TEXT];
	rnd[7] ^= 1;
	claim_code_format(rnd, other);
	assert_string_not_equal(text, other);
}

static void a_code_hash_belongs_to_one_student(void **state)
{
	char h1[65], h2[65], h3[65];
	claim_code_hash(7, "ABCDEFGHJKLM", h1);
	claim_code_hash(8, "ABCDEFGHJKLM", h2);
	claim_code_hash(7, "ABCDEFGHJKLN", h3);
	assert_int_equal(strlen(h1), 64);
	assert_string_not_equal(h1, h2);
	assert_string_not_equal(h1, h3);
	claim_code_hash(7, "ABCDEFGHJKLM", h2);
	assert_string_equal(h1, h2);
}

static void id6_mac_needs_the_key_and_binds_the_record(void **state)
{
	char m1[65], m2[65], m3[65], m4[65];
	char err[128];
	assert_int_equal(pii_init_hex(key_hex, err, sizeof(err)), 0);
	/* a whole ID number and its last 6 give the same proof */
	assert_int_equal(claim_id6_mac(3, "2023010001", "44180220040512123X", m1), 0);
	assert_int_equal(claim_id6_mac(3, "2023010001", "12123x", m2), 0);
	assert_string_equal(m1, m2);
	/* another record, another college, other digits: other proofs */
	assert_int_equal(claim_id6_mac(3, "2023010002", "12123X", m3), 0);
	assert_string_not_equal(m1, m3);
	assert_int_equal(claim_id6_mac(4, "2023010001", "12123X", m4), 0);
	assert_string_not_equal(m1, m4);
	assert_int_equal(claim_id6_mac(3, "2023010001", "121230", m4), 0);
	assert_string_not_equal(m1, m4);
	/* malformed */
	assert_int_equal(claim_id6_mac(3, "2023010001", "12123", m4), -1);
	assert_int_equal(claim_id6_mac(3, "2023010001", "4418022004051212Y3", m4), -1);
}

/* Inserts a student of college 1 with a sealed ID number and no proof;
 * returns its id. */
static int64_t sealed_student(struct store *db, const char *no, int64_t updated_at, int claimed)
{
	int64_t id = 0;
	char *sealed = pii_seal("44180220040512123X");
	assert_non_null(sealed);
	assert_int_equal(store_int64(db, &id,
	                             "INSERT INTO students (college_id, student_no, name,"
	                             " id_number_enc, account_id, created_at, updated_at)"
	                             " VALUES (1, ?, '张三', ?, ?, 0, ?) RETURNING id",
	                             "ttIi", no, sealed, (int64_t)(claimed ? 1 : 0), updated_at),
	                 STORE_ROW);
	free(sealed);
	return id;
}

static void backfill_gives_old_imports_their_proof_and_no_one_else(void **state)
{
	struct store *db;
	char err[256];
	assert_int_equal(pii_init_hex(key_hex, err, sizeof(err)), 0);
	assert_int_equal(store_open("sqlite::memory:", &db, err, sizeof(err)), 0);
	assert_true(migrate_run(db, err, sizeof(err)) >= 5);
	assert_int_equal(
	    store_run(db,
	              "INSERT INTO organizations (id, kind, name, created_at, updated_at)"
	              " VALUES (1, 'college', '学院', 0, 0)",
	              ""),
	    STORE_OK);
	assert_int_equal(
	    store_run(db,
	              "INSERT INTO accounts (id, login, role, display_name, created_at)"
	              " VALUES (1, 'someone', 'student', '张三', 0)",
	              ""),
	    STORE_OK);
	int64_t old = sealed_student(db, "A1", 0, 0);
	int64_t later = sealed_student(db, "A2", INT64_MAX / 2, 0); /* changed since */
	int64_t claimed = sealed_student(db, "A3", 0, 1);
	assert_int_equal(claim_backfill_id6(db), 1);
	json_t *row = store_row(db, "SELECT id6_mac FROM students WHERE id = ?", "i", old);
	char want[65];
	assert_int_equal(claim_id6_mac(1, "A1", "12123X", want), 0);
	assert_string_equal(json_string_value(json_object_get(row, "id6_mac")), want);
	json_decref(row);
	int64_t n = -1;
	assert_int_equal(store_int64(db, &n,
	                             "SELECT COUNT(*) FROM students WHERE id IN (?, ?) AND"
	                             " id6_mac IS NULL",
	                             "ii", later, claimed),
	                 STORE_ROW);
	assert_int_equal(n, 2);
	/* Filled once: a second start has nothing to do. */
	assert_int_equal(claim_backfill_id6(db), 0);
	store_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(names_compare_without_blanks_and_with_one_dot),
	    cmocka_unit_test(id6_is_five_digits_then_a_digit_or_x),
	    cmocka_unit_test(codes_round_trip_and_refuse_what_is_not_one),
	    cmocka_unit_test(a_code_hash_belongs_to_one_student),
	    cmocka_unit_test(id6_mac_needs_the_key_and_binds_the_record),
	    cmocka_unit_test(backfill_gives_old_imports_their_proof_and_no_one_else),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
