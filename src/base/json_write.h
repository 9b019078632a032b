/*
 * json_write: JSON text written straight into a buf (base/buf.h), byte for
 * byte as jansson's json_dumps(JSON_COMPACT) writes the same values, so an
 * answer assembled from pre-rendered parts and a few fields written here
 * is the same text as the json_t it replaces (position_search.c).
 */
#ifndef SKYWAY_BASE_JSON_WRITE_H
#define SKYWAY_BASE_JSON_WRITE_H

#include <stdint.h>

#include "base/buf.h"

/* s (UTF-8) as a string literal, quotes included: '"', '\\' and control
 * characters escaped as jansson does (\b \f \n \r \t, else \u00XX in
 * upper case), everything else as is. */
void json_write_string(struct buf *b, const char *s);
/* n in decimal. */
void json_write_int(struct buf *b, int64_t n);
/* v as jansson prints a real with JSON_REAL_PRECISION(precision): "%.*g",
 * ".0" added when that reads as an integer, the exponent without '+' or
 * leading zeros.  0, or -1 (nothing written) for NaN and infinities,
 * which jansson cannot hold either. */
int json_write_real(struct buf *b, double v, int precision);

#endif
