/*
 * libFuzzer harness for base/table_read (xlsx and CSV). Not built by CMake;
 * with clang, from the top of the repository:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc \
 *     tests/fuzz/fuzz_table_read.c src/base/table_read.c src/base/xlsx_read.c \
 *     src/base/csv_read.c src/base/buf.c src/base/utf8.c -lzip -lexpat -lm \
 *     -o "$TMPDIR/fuzz_table_read"
 *   cp -r tests/fixtures/import "$TMPDIR/corpus"
 *   "$TMPDIR/fuzz_table_read" -max_total_time=600 -rss_limit_mb=1024 "$TMPDIR/corpus"
 *
 * An input is read as it is, except one that starts with byte 0x01: the rest
 * is split at NUL bytes into the XML of the worksheet, shared strings, styles
 * and workbook, which are zipped (stored, so cheap) into an .xlsx first.
 * Mutating raw deflated zips seldom reaches the XML handlers; this does.
 *
 * Checks, beyond the sanitizers, what every row promises: ncells >= 1, the
 * last cell non-empty, every cell UTF-8 without control characters other than
 * tab and LF, line numbers increasing; and every failure has a message.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/table_read.h"
#include "base/utf8.h"

static int check_row(void *arg, const struct table_row *row)
{
	size_t *last_line = arg;

	if (row->ncells < 1 || !row->cells[row->ncells - 1][0] || row->line <= *last_line)
		abort();
	*last_line = row->line;
	for (size_t i = 0; i < row->ncells; i++) {
		const char *c = row->cells[i];
		size_t n = strlen(c);
		if (n > 4096 || !utf8_valid(c, n))
			abort();
		for (size_t j = 0; j < n; j++)
			if (((unsigned char)c[j] < 0x20 && c[j] != '\t' && c[j] != '\n') ||
			    c[j] == 0x7F)
				abort();
	}
	return 0;
}

static void run(const void *data, size_t size)
{
	/* Small limits, so that the fuzzer reaches them. */
	struct table_limits lim = {.max_uncompressed_bytes = 8 << 20,
	                           .max_rows = 1000,
	                           .max_cols = 50,
	                           .max_cell_bytes = 4096};
	char err[256];
	size_t last_line = 0;
	int rc = table_read(data, size, &lim, check_row, &last_line, err, sizeof(err));
	if (rc == -1 && (!err[0] || !utf8_valid(err, strlen(err))))
		abort();
	if (rc != 0 && rc != -1)
		abort(); /* check_row never stops */
}

#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static void run_as_xlsx(const uint8_t *data, size_t size)
{
	static const char rels[] =
	    "<Relationships><Relationship Id=\"r1\" Type=\"" NS_REL "/worksheet\" "
	    "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"r2\" Type=\"" NS_REL
	    "/sharedStrings\" Target=\"/xl/sharedStrings.xml\"/><Relationship Id=\"r3\" "
	    "Type=\"" NS_REL "/styles\" Target=\"styles.xml\"/></Relationships>";
	static const char workbook[] =
	    "<workbook xmlns:r=\"" NS_REL "\"><sheets><sheet r:id=\"r1\"/>"
	    "</sheets></workbook>";
	const char *names[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml",
	                       "xl/workbook.xml"};
	const char *text[4] = {"", "", "", workbook};
	size_t len[4] = {0, 0, 0, sizeof(workbook) - 1};
	const uint8_t *p = data, *end = data + size;

	for (int i = 0; i < 4; i++) {
		const uint8_t *nul = memchr(p, 0, (size_t)(end - p));
		text[i] = (const char *)p;
		len[i] = (size_t)((nul ? nul : end) - p);
		if (!nul)
			break;
		p = nul + 1;
	}

	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(src);
	zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	for (int i = 0; i < 5; i++) {
		const char *name = i < 4 ? names[i] : "xl/_rels/workbook.xml.rels";
		zip_source_t *s = i < 4 ? zip_source_buffer(z, text[i], len[i], 0)
		                        : zip_source_buffer(z, rels, sizeof(rels) - 1, 0);
		zip_int64_t idx = zip_file_add(z, name, s, 0);
		zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
	}
	if (zip_close(z) == 0 && zip_source_open(src) == 0) {
		zip_source_seek(src, 0, SEEK_END);
		zip_int64_t n = zip_source_tell(src);
		zip_source_seek(src, 0, SEEK_SET);
		char *buf = malloc((size_t)n);
		if (buf && zip_source_read(src, buf, (zip_uint64_t)n) == n)
			run(buf, (size_t)n);
		free(buf);
		zip_source_close(src);
	}
	zip_source_free(src);
	zip_error_fini(&ze);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 0 && data[0] == 0x01)
		run_as_xlsx(data + 1, size - 1);
	else
		run(data, size);
	return 0;
}
