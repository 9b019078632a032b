/*
 * sha1: SHA-1 (FIPS 180-4) and HMAC-SHA-1 (RFC 2104), for TOTP only.
 *
 * libsodium has no SHA-1, and RFC 6238 codes as every authenticator app
 * (微信/支付宝 mini-programs included) computes them are HMAC-SHA-1.
 * SHA-1 is broken for collisions, which HMAC does not rely on; never use
 * it for anything else here (sha256_hex in util.h is the project's hash).
 */
#ifndef SKYWAY_BASE_SHA1_H
#define SKYWAY_BASE_SHA1_H

#include <stddef.h>
#include <stdint.h>

#define SHA1_BYTES 20
#define SHA1_BLOCK 64

struct sha1_ctx {
	uint32_t h[5];
	uint64_t length; /* bytes hashed so far */
	uint8_t block[SHA1_BLOCK];
	size_t used; /* bytes waiting in block */
};

/* Incremental hashing: init, any number of updates, final (which writes
 * the 20-byte digest and leaves ctx to be initialised again). */
void sha1_init(struct sha1_ctx *ctx);
void sha1_update(struct sha1_ctx *ctx, const void *data, size_t n);
void sha1_final(struct sha1_ctx *ctx, uint8_t out[SHA1_BYTES]);
/* The digest of n bytes at data, in one call. */
void sha1(const void *data, size_t n, uint8_t out[SHA1_BYTES]);
/* HMAC-SHA-1 of msg under key (any length: a key longer than a block is
 * hashed first, as RFC 2104 says). */
void hmac_sha1(const void *key, size_t keylen, const void *msg, size_t n, uint8_t out[SHA1_BYTES]);

#endif
