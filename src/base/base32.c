/* Base32 (RFC 4648 §6); see base32.h. */
#include "base/base32.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

size_t base32_encode(const uint8_t *in, size_t n, char *out)
{
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = alphabet[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = alphabet[(acc << (5 - bits)) & 31];
	out[o] = '\0';
	return o;
}

static int value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= '2' && c <= '7')
		return c - '2' + 26;
	return -1;
}

long base32_decode(const char *text, uint8_t *out, size_t max)
{
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0, padding = 0;
	for (const char *p = text; *p; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		if (*p == '=') {
			padding = 1;
			continue;
		}
		int v = value(*p);
		if (v < 0 || padding)
			return -1;
		acc = (acc << 5) | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			if (o == max)
				return -1;
			out[o++] = (uint8_t)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	/* Fewer than 8 bits remain: they must be the zero fill of the last
	 * character, or the text was not produced by an encoder. */
	if (acc & ((1u << bits) - 1))
		return -1;
	return (long)o;
}
