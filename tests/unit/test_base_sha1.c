/* SHA-1 against FIPS 180 examples, HMAC-SHA-1 against RFC 2202, base32
 * against RFC 4648 §10. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <string.h>

#include "base/base32.h"
#include "base/sha1.h"

static void hex_of(const uint8_t *d, size_t n, char *out)
{
	sodium_bin2hex(out, 2 * n + 1, d, n);
}

static void assert_sha1(const void *data, size_t n, const char *want)
{
	uint8_t d[SHA1_BYTES];
	char hex[2 * SHA1_BYTES + 1];
	sha1(data, n, d);
	hex_of(d, sizeof(d), hex);
	assert_string_equal(hex, want);
}

static void fips_180_examples(void **state)
{
	assert_sha1("abc", 3, "a9993e364706816aba3e25717850c26c9cd0d89d");
	assert_sha1("", 0, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	assert_sha1(two, strlen(two), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	const char *long_msg = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	                       "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	assert_sha1(long_msg, strlen(long_msg), "a49b2446a02c645bf419f995b67091253a04a259");
}

static void million_a_in_uneven_pieces(void **state)
{
	/* 1,000,000 × 'a', fed in pieces of 1..97 bytes so that every
	 * position of a block boundary inside an update is crossed. */
	static char a[97];
	memset(a, 'a', sizeof(a));
	struct sha1_ctx ctx;
	sha1_init(&ctx);
	size_t left = 1000000, piece = 1;
	while (left) {
		size_t n = piece < left ? piece : left;
		sha1_update(&ctx, a, n);
		left -= n;
		piece = piece % 97 + 1;
	}
	uint8_t d[SHA1_BYTES];
	char hex[41];
	sha1_final(&ctx, d);
	hex_of(d, sizeof(d), hex);
	assert_string_equal(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

static void padding_boundaries(void **state)
{
	/* 55, 56 and 64 bytes: the length fits, just does not, and a whole
	 * block; pieces and one call must agree. */
	static const size_t sizes[] = {55, 56, 63, 64, 65, 119, 120};
	char msg[128];
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (char)('A' + i % 26);
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		uint8_t one[SHA1_BYTES], two[SHA1_BYTES];
		sha1(msg, sizes[k], one);
		struct sha1_ctx ctx;
		sha1_init(&ctx);
		for (size_t i = 0; i < sizes[k]; i++)
			sha1_update(&ctx, msg + i, 1);
		sha1_final(&ctx, two);
		assert_memory_equal(one, two, SHA1_BYTES);
	}
	/* 56 × 'a' ... known digest (sha1sum). */
	memset(msg, 'a', 56);
	assert_sha1(msg, 56, "c2db330f6083854c99d4b5bfb6e8f29f201be699");
}

static void assert_hmac(const uint8_t *key, size_t keylen, const void *msg, size_t n,
                        const char *want)
{
	uint8_t d[SHA1_BYTES];
	char hex[41];
	hmac_sha1(key, keylen, msg, n, d);
	hex_of(d, sizeof(d), hex);
	assert_string_equal(hex, want);
}

static void rfc_2202_vectors(void **state)
{
	uint8_t key[80], data[50];

	memset(key, 0x0b, 20);
	assert_hmac(key, 20, "Hi There", 8, "b617318655057264e28bc0b6fb378c8ef146be00");
	assert_hmac((const uint8_t *)"Jefe", 4, "what do ya want for nothing?", 28,
	            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
	memset(key, 0xaa, 20);
	memset(data, 0xdd, 50);
	assert_hmac(key, 20, data, 50, "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
	for (int i = 0; i < 25; i++)
		key[i] = (uint8_t)(i + 1);
	memset(data, 0xcd, 50);
	assert_hmac(key, 25, data, 50, "4c9007f4026250c6bc8414f9bf50c86c2d7235da");
	memset(key, 0x0c, 20);
	assert_hmac(key, 20, "Test With Truncation", 20,
	            "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04");
	/* Keys longer than a block are hashed first. */
	memset(key, 0xaa, 80);
	const char *m6 = "Test Using Larger Than Block-Size Key - Hash Key First";
	assert_hmac(key, 80, m6, strlen(m6), "aa4ae5e15272d00e95705637ce8a3b55ed402112");
	const char *m7 =
	    "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data";
	assert_hmac(key, 80, m7, strlen(m7), "e8e99d0f45237d786d6bbaa7965c7808bbff1a91");
}

static void base32_rfc_4648(void **state)
{
	static const char *const plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
	static const char *const enc[] = {"",        "MY",       "MZXQ",      "MZXW6",
	                                  "MZXW6YQ", "MZXW6YTB", "MZXW6YTBOI"};
	for (int i = 0; i < 7; i++) {
		char out[32];
		uint8_t back[16];
		size_t n = strlen(plain[i]);
		assert_int_equal(base32_encode((const uint8_t *)plain[i], n, out), strlen(enc[i]));
		assert_int_equal(strlen(enc[i]), BASE32_LEN(n));
		assert_string_equal(out, enc[i]);
		assert_int_equal(base32_decode(enc[i], back, sizeof(back)), (long)n);
		assert_memory_equal(back, plain[i], n);
	}
}

static void base32_as_people_type_it(void **state)
{
	uint8_t out[16];
	/* lower case, groups, padding */
	assert_int_equal(base32_decode("mzxw 6ytb-oi======", out, sizeof(out)), 6);
	assert_memory_equal(out, "foobar", 6);
	assert_int_equal(base32_decode("MZXW1", out, sizeof(out)), -1); /* '1' */
	assert_int_equal(base32_decode("MZ=XW", out, sizeof(out)), -1); /* data after '=' */
	assert_int_equal(base32_decode("MY", out, sizeof(out)), 1);     /* "f" */
	assert_int_equal(base32_decode("MZ", out, sizeof(out)), -1);    /* non-zero fill */
	assert_int_equal(base32_decode("MZ7", out, sizeof(out)), -1);   /* non-zero fill */
	assert_int_equal(base32_decode("MZXW6YTBOI", out, 5), -1);      /* too long */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(fips_180_examples),  cmocka_unit_test(million_a_in_uneven_pieces),
	    cmocka_unit_test(padding_boundaries), cmocka_unit_test(rfc_2202_vectors),
	    cmocka_unit_test(base32_rfc_4648),    cmocka_unit_test(base32_as_people_type_it),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
