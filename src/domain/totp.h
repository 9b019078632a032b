/*
 * totp: time-based one-time passwords (RFC 6238) over HOTP (RFC 4226).
 *
 * What authenticator apps compute (Google/Microsoft Authenticator, 腾讯身份
 * 验证器, the 微信/支付宝 mini-programs): HMAC-SHA-1, 30-second steps, 6
 * digits.  SHA-256 and SHA-512 (libsodium) are here for the RFC's test
 * vectors and for completeness; the platform issues SHA-1 secrets only.
 *
 * Rules of verification (totp_match):
 *  1. A code is checked against the steps now-1, now and now+1 (a phone
 *     clock up to 30 s off, a code typed as it turns over).
 *  2. Only steps later than the last step accepted for the account count:
 *     a code, once accepted, is never accepted again, and neither is any
 *     earlier one (RFC 6238 §5.2).  The caller stores the step returned.
 *  3. Comparison is constant-time.
 * Pure functions: no clock, no database.
 */
#ifndef SKYWAY_DOMAIN_TOTP_H
#define SKYWAY_DOMAIN_TOTP_H

#include <stddef.h>
#include <stdint.h>

#define TOTP_PERIOD 30 /* seconds per step */
#define TOTP_DIGITS 6
#define TOTP_WINDOW 1 /* steps accepted either side of now */

enum totp_alg { TOTP_SHA1, TOTP_SHA256, TOTP_SHA512 };

/* The step a Unix time falls in: floor(t / TOTP_PERIOD). */
int64_t totp_step(int64_t unix_time);
/* HOTP value of counter under key, truncated to digits (1..9) decimal
 * digits (RFC 4226 §5.3 dynamic truncation). */
uint32_t totp_hotp(enum totp_alg alg, const uint8_t *key, size_t keylen, uint64_t counter,
                   int digits);
/* Writes value as exactly digits decimal digits (leading zeros) into out
 * (digits + 1 bytes). */
void totp_format(uint32_t value, int digits, char *out);
/* Checks a TOTP_DIGITS-digit SHA-1 code typed at Unix time now against
 * the rules above.  Returns the step it matched (> last_step), or -1 when
 * it matches none (or is not TOTP_DIGITS digits). */
int64_t totp_match(const uint8_t *key, size_t keylen, const char *code, int64_t now,
                   int64_t last_step);

#endif
