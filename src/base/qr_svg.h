/*
 * qr_svg: a QR code as a small SVG image (libqrencode), for the students'
 * entry passes and the booth signs.  One <path> of unit squares, a quiet
 * zone of four modules, scaled by the viewer, crisp at any size.
 */
#ifndef SKYWAY_BASE_QR_SVG_H
#define SKYWAY_BASE_QR_SVG_H

#include <stddef.h>

/* Returns a malloc'd NUL-terminated SVG document of text encoded at error
 * correction level M, or NULL when the text cannot be encoded. */
char *qr_svg(const char *text, size_t *len);

#endif
