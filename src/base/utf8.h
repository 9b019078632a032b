/* utf8: validation and counting of UTF-8 text. */
#ifndef SKYWAY_BASE_UTF8_H
#define SKYWAY_BASE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the character at s[0..n): returns its length in bytes (1 to 4)
 * with the code point in *cp, or 0 when the bytes there are not UTF-8
 * (overlong forms, surrogates, values above U+10FFFF, a cut sequence). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Returns 1 when s[0..n) is well-formed UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF), else 0. */
int utf8_valid(const char *s, size_t n);
/* Returns the number of code points in a valid UTF-8 C string. */
size_t utf8_length(const char *s);
/* Returns 1 when s has a control character (U+0000..U+001F, U+007F). */
int utf8_has_control(const char *s);

#endif
