/* QR codes as SVG; see qr_svg.h. */
#include "base/qr_svg.h"

#include <qrencode.h>

#include "base/buf.h"

#define QUIET 4

char *qr_svg(const char *text, size_t *len)
{
	QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (!q)
		return NULL;
	int w = q->width, size = w + 2 * QUIET;
	struct buf b = BUF_INIT;
	buf_addf(&b,
	         "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
	         " shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
	         "<path fill=\"#000\" d=\"",
	         size, size, size, size);
	for (int y = 0; y < w; y++) {
		for (int x = 0; x < w; x++) {
			if (!(q->data[y * w + x] & 1))
				continue;
			/* Runs of dark modules on a row become one rectangle. */
			int run = 1;
			while (x + run < w && (q->data[y * w + x + run] & 1))
				run++;
			buf_addf(&b, "M%d %dh%dv1h-%dz", x + QUIET, y + QUIET, run, run);
			x += run - 1;
		}
	}
	buf_adds(&b, "\"/></svg>");
	QRcode_free(q);
	return buf_detach(&b, len);
}
