/* SHA-1 and HMAC-SHA-1; see sha1.h.  Written from FIPS 180-4 §6.1 and RFC 2104. */
#include "base/sha1.h"

#include <sodium.h>
#include <string.h>

static uint32_t rol(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

/* One 64-byte block into the state (FIPS 180-4 §6.1.2). */
static void compress(uint32_t h[5], const uint8_t *p)
{
	uint32_t w[80];
	for (int t = 0; t < 16; t++)
		w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
		       (uint32_t)p[4 * t + 2] << 8 | (uint32_t)p[4 * t + 3];
	for (int t = 16; t < 80; t++)
		w[t] = rol(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);

	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	for (int t = 0; t < 80; t++) {
		uint32_t f, k;
		if (t < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (t < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (t < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		uint32_t tmp = rol(a, 5) + f + e + k + w[t];
		e = d;
		d = c;
		c = rol(b, 30);
		b = a;
		a = tmp;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

void sha1_init(struct sha1_ctx *ctx)
{
	static const uint32_t iv[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
	memcpy(ctx->h, iv, sizeof(iv));
	ctx->length = 0;
	ctx->used = 0;
}

void sha1_update(struct sha1_ctx *ctx, const void *data, size_t n)
{
	const uint8_t *p = data;
	ctx->length += n;
	if (ctx->used) {
		size_t take = SHA1_BLOCK - ctx->used < n ? SHA1_BLOCK - ctx->used : n;
		memcpy(ctx->block + ctx->used, p, take);
		ctx->used += take;
		p += take;
		n -= take;
		if (ctx->used < SHA1_BLOCK)
			return;
		compress(ctx->h, ctx->block);
		ctx->used = 0;
	}
	for (; n >= SHA1_BLOCK; p += SHA1_BLOCK, n -= SHA1_BLOCK)
		compress(ctx->h, p);
	memcpy(ctx->block, p, n);
	ctx->used = n;
}

void sha1_final(struct sha1_ctx *ctx, uint8_t out[SHA1_BYTES])
{
	uint64_t bits = ctx->length * 8;
	/* Padding: 0x80, zeros up to 56 mod 64, the length in bits (big-endian). */
	ctx->block[ctx->used++] = 0x80;
	if (ctx->used > 56) {
		memset(ctx->block + ctx->used, 0, SHA1_BLOCK - ctx->used);
		compress(ctx->h, ctx->block);
		ctx->used = 0;
	}
	memset(ctx->block + ctx->used, 0, 56 - ctx->used);
	for (int i = 0; i < 8; i++)
		ctx->block[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
	compress(ctx->h, ctx->block);
	for (int i = 0; i < 5; i++) {
		out[4 * i] = (uint8_t)(ctx->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(ctx->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(ctx->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)ctx->h[i];
	}
	sodium_memzero(ctx, sizeof(*ctx));
	sha1_init(ctx);
}

void sha1(const void *data, size_t n, uint8_t out[SHA1_BYTES])
{
	struct sha1_ctx ctx;
	sha1_init(&ctx);
	sha1_update(&ctx, data, n);
	sha1_final(&ctx, out);
}

void hmac_sha1(const void *key, size_t keylen, const void *msg, size_t n, uint8_t out[SHA1_BYTES])
{
	uint8_t k[SHA1_BLOCK] = {0}, pad[SHA1_BLOCK], inner[SHA1_BYTES];
	struct sha1_ctx ctx;

	if (keylen > SHA1_BLOCK)
		sha1(key, keylen, k);
	else if (keylen)
		memcpy(k, key, keylen);

	for (int i = 0; i < SHA1_BLOCK; i++)
		pad[i] = k[i] ^ 0x36;
	sha1_init(&ctx);
	sha1_update(&ctx, pad, sizeof(pad));
	sha1_update(&ctx, msg, n);
	sha1_final(&ctx, inner);

	for (int i = 0; i < SHA1_BLOCK; i++)
		pad[i] = k[i] ^ 0x5c;
	sha1_update(&ctx, pad, sizeof(pad));
	sha1_update(&ctx, inner, sizeof(inner));
	sha1_final(&ctx, out);

	/* The key and its pads are secrets (a TOTP seed). */
	sodium_memzero(k, sizeof(k));
	sodium_memzero(pad, sizeof(pad));
	sodium_memzero(inner, sizeof(inner));
}
