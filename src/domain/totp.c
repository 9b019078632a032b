/* TOTP (RFC 6238) and HOTP (RFC 4226); see totp.h. */
#include "domain/totp.h"

#include <sodium.h>
#include <string.h>

#include "base/sha1.h"

int64_t totp_step(int64_t unix_time)
{
	/* Floor, not truncation: times before 1970 are no concern, but a
	 * negative step must not alias step 0. */
	int64_t q = unix_time / TOTP_PERIOD;
	return unix_time % TOTP_PERIOD < 0 ? q - 1 : q;
}

/* HMAC of the 8-byte big-endian counter; returns the MAC length. */
static size_t mac(enum totp_alg alg, const uint8_t *key, size_t keylen, const uint8_t msg[8],
                  uint8_t out[64])
{
	switch (alg) {
	case TOTP_SHA256: {
		crypto_auth_hmacsha256_state st;
		crypto_auth_hmacsha256_init(&st, key, keylen);
		crypto_auth_hmacsha256_update(&st, msg, 8);
		crypto_auth_hmacsha256_final(&st, out);
		return crypto_auth_hmacsha256_BYTES;
	}
	case TOTP_SHA512: {
		crypto_auth_hmacsha512_state st;
		crypto_auth_hmacsha512_init(&st, key, keylen);
		crypto_auth_hmacsha512_update(&st, msg, 8);
		crypto_auth_hmacsha512_final(&st, out);
		return crypto_auth_hmacsha512_BYTES;
	}
	case TOTP_SHA1:
	default:
		hmac_sha1(key, keylen, msg, 8, out);
		return SHA1_BYTES;
	}
}

uint32_t totp_hotp(enum totp_alg alg, const uint8_t *key, size_t keylen, uint64_t counter,
                   int digits)
{
	uint8_t msg[8], h[64];
	for (int i = 0; i < 8; i++)
		msg[i] = (uint8_t)(counter >> (56 - 8 * i));
	size_t n = mac(alg, key, keylen, msg, h);
	/* Dynamic truncation: the low 4 bits of the last byte pick where 31
	 * bits are read. */
	int off = h[n - 1] & 0x0f;
	uint32_t bin = (uint32_t)(h[off] & 0x7f) << 24 | (uint32_t)h[off + 1] << 16 |
	               (uint32_t)h[off + 2] << 8 | (uint32_t)h[off + 3];
	sodium_memzero(h, sizeof(h));
	uint32_t mod = 1;
	for (int i = 0; i < digits && i < 9; i++)
		mod *= 10;
	return bin % mod;
}

void totp_format(uint32_t value, int digits, char *out)
{
	out[digits] = '\0';
	for (int i = digits - 1; i >= 0; i--) {
		out[i] = (char)('0' + value % 10);
		value /= 10;
	}
}

int64_t totp_match(const uint8_t *key, size_t keylen, const char *code, int64_t now,
                   int64_t last_step)
{
	if (strlen(code) != TOTP_DIGITS || strspn(code, "0123456789") != TOTP_DIGITS)
		return -1;
	int64_t step = totp_step(now), found = -1;
	/* Every candidate is computed and compared, matched or not, so the
	 * time taken says nothing about which one matched. */
	for (int64_t s = step - TOTP_WINDOW; s <= step + TOTP_WINDOW; s++) {
		char want[TOTP_DIGITS + 1];
		totp_format(totp_hotp(TOTP_SHA1, key, keylen, (uint64_t)s, TOTP_DIGITS),
		            TOTP_DIGITS, want);
		int same = sodium_memcmp(want, code, TOTP_DIGITS) == 0;
		if (same && s > last_step && found < 0)
			found = s;
	}
	return found;
}
