/*
 * base32: RFC 4648 §6 (A–Z, 2–7), the encoding of TOTP secrets in
 * otpauth:// URIs and for typing a secret into an authenticator app.
 * Encoding writes no '=' padding (what the otpauth format expects).
 */
#ifndef SKYWAY_BASE_BASE32_H
#define SKYWAY_BASE_BASE32_H

#include <stddef.h>
#include <stdint.h>

/* Characters base32_encode writes for n bytes, without the NUL. */
#define BASE32_LEN(n) (((n)*8 + 4) / 5)

/* Encodes n bytes into out (at least BASE32_LEN(n) + 1 bytes), upper
 * case, NUL-terminated.  Returns the length written. */
size_t base32_encode(const uint8_t *in, size_t n, char *out);
/* Decodes text (either case; spaces, '-' and trailing '=' ignored, as
 * people type a secret in groups) into out (room for max bytes).  Returns
 * the number of bytes, or -1 on a character outside the alphabet, leftover
 * bits that are not zero, or more than max bytes. */
long base32_decode(const char *text, uint8_t *out, size_t max);

#endif
