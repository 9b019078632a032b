/* util: small helpers every layer uses: time, random tokens, hashing, logging. */
#ifndef SKYWAY_BASE_UTIL_H
#define SKYWAY_BASE_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Seconds since the Unix epoch. */
int64_t now_seconds(void);
/* Monotonic clock in microseconds, for durations. */
int64_t now_micros(void);
/* Fills out (2*nbytes+1 chars) with nbytes of CSPRNG output as hex. */
void random_hex(char *out, size_t nbytes);
/* SHA-256 of s as 64 hex chars plus NUL into out[65]. */
void sha256_hex(const char *s, size_t n, char out[65]);
/* Parses a base-10 int64 that fills the whole string; returns 0 or -1. */
int parse_int64(const char *s, int64_t *out);
/* Constant-time comparison of two C strings; returns 1 when equal. */
int str_equal_ct(const char *a, const char *b);

/* Logging to stderr: one line, prefixed with "skyway: ". */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
