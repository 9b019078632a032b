/*
 * encoding: content negotiation and compression of answers.  JSON goes out
 * gzip-compressed when the client accepts it (a dictionary is 65 KiB as
 * text, 10 KB compressed: what a phone on a slow link notices), and public
 * answers carry a strong ETag so a browser can revalidate instead of
 * downloading them again.
 */
#ifndef SKYWAY_HTTP_ENCODING_H
#define SKYWAY_HTTP_ENCODING_H

#include <stddef.h>

/* Answers smaller than this go out as they are: gzip's header and the
 * CPU would cost more than the bytes saved. */
#define ENCODING_GZIP_MIN 1024

/* Returns 1 when an Accept-Encoding value (NULL: none sent) lets us answer
 * with gzip: "gzip" or "*" listed without q=0 (RFC 9110 12.5.3); 0 else. */
int encoding_accepts_gzip(const char *accept_encoding);

/* Compresses len bytes of data to the gzip format.  Returns a malloc'd
 * buffer (the caller frees it) with its size in *out_len, or NULL when
 * out of memory or when the result would not be smaller than the input. */
char *encoding_gzip(const char *data, size_t len, size_t *out_len);

/* Writes the strong ETag of a representation to out ("\"<32 hex>\"" or,
 * for the gzip variant, "\"<32 hex>-gz\"": the two bodies differ, so
 * their tags must too).  out must hold ENCODING_ETAG_SIZE bytes. */
#define ENCODING_ETAG_SIZE 40
void encoding_etag(const char *data, size_t len, int gzip, char *out);

/* Returns 1 when an If-None-Match value lists etag (or is "*"); a weak
 * "W/" prefix is ignored, as the weak comparison of RFC 9110 13.1.2 asks. */
int encoding_etag_matches(const char *if_none_match, const char *etag);

#endif
