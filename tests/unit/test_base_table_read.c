/*
 * Tests for base/table_read: real files written by LibreOffice and CSV in
 * the encodings Chinese Excel saves (tests/fixtures/import, see its README),
 * plus small .xlsx files built here with libzip for what LibreOffice never
 * writes (inline strings, t="b", hidden sheets, absolute part names, bombs).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/buf.h"
#include "base/table_read.h"
#include "base/utf8.h"

/* ---- helpers ---- */

static char *fixture_path(const char *name)
{
	/* tests/unit/<this file> -> tests/fixtures/import/<name> */
	static char path[4096];
	const char *slash = strrchr(__FILE__, '/');
	int dir = slash ? (int)(slash - __FILE__) : 1;
	snprintf(path, sizeof(path), "%.*s/../fixtures/import/%s", dir, slash ? __FILE__ : ".",
	         name);
	return path;
}

static char *load(const char *name, size_t *len)
{
	FILE *f = fopen(fixture_path(name), "rb");
	assert_non_null(f);
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_detach(&b, len);
}

/* Every row delivered, as "line|cell|cell|...". */
struct rows {
	char *row[64];
	size_t n;
	size_t stop_after; /* return 7 after this many rows; 0 = never */
};

static int collect(void *arg, const struct table_row *r)
{
	struct rows *rows = arg;
	struct buf b = BUF_INIT;

	assert_true(r->ncells >= 1);
	assert_true(r->cells[r->ncells - 1][0] != '\0');
	buf_addf(&b, "%zu", r->line);
	for (size_t i = 0; i < r->ncells; i++)
		buf_addf(&b, "|%s", r->cells[i]);
	assert_true(rows->n < 64);
	rows->row[rows->n++] = buf_detach(&b, NULL);
	return rows->stop_after && rows->n == rows->stop_after ? 7 : 0;
}

static void rows_free(struct rows *rows)
{
	for (size_t i = 0; i < rows->n; i++)
		free(rows->row[i]);
	rows->n = 0;
}

static char err[512];

static int read_with(const void *data, size_t len, const struct table_limits *lim,
                     struct rows *rows)
{
	memset(err, 'x', sizeof(err) - 1); /* so that a missing message shows */
	err[sizeof(err) - 1] = '\0';
	return table_read(data, len, lim, collect, rows, err, sizeof(err));
}

static void expect_rows(struct rows *rows, const char *const *want, size_t n)
{
	for (size_t i = 0; i < n && i < rows->n; i++)
		assert_string_equal(rows->row[i], want[i]);
	assert_int_equal(rows->n, n);
}

#define EXPECT_ROWS(rows, ...)                                                                     \
	do {                                                                                       \
		static const char *const want_[] = {__VA_ARGS__};                                  \
		expect_rows(rows, want_, sizeof(want_) / sizeof(want_[0]));                        \
	} while (0)

/* Reads a fixture file; asserts success. */
static void read_fixture(const char *name, struct rows *rows)
{
	size_t len;
	char *data = load(name, &len);
	int rc = read_with(data, len, NULL, rows);
	if (rc)
		fail_msg("%s: rc %d: %s", name, rc, err);
	assert_string_equal(err, "");
	free(data);
}

/* Asserts that reading data fails with a message containing want. */
static void expect_error(const void *data, size_t len, const struct table_limits *lim,
                         const char *want)
{
	struct rows rows = {0};
	int rc = read_with(data, len, lim, &rows);
	if (rc != -1 || !strstr(err, want))
		fail_msg("want -1 and \"%s\", got %d and \"%s\"", want, rc, err);
	rows_free(&rows);
}

#define CSV(s) s, sizeof(s) - 1

/* Builds a zip in memory from name/content pairs (NULL-terminated); returns
 * malloc'd bytes. store_first: keep the first entry uncompressed. */
static char *make_zip_as(size_t *len, const char *const *parts, int store_first)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(src);
	zip_source_keep(src);
	zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(z);
	for (int first = 1; parts[0]; parts += 2, first = 0) {
		zip_source_t *s = zip_source_buffer(z, parts[1], strlen(parts[1]), 0);
		assert_non_null(s);
		zip_int64_t i = zip_file_add(z, parts[0], s, ZIP_FL_ENC_UTF_8);
		assert_true(i >= 0);
		if (first && store_first)
			assert_int_equal(
			    zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0), 0);
	}
	assert_int_equal(zip_close(z), 0);

	assert_int_equal(zip_source_open(src), 0);
	assert_int_equal(zip_source_seek(src, 0, SEEK_END), 0);
	zip_int64_t size = zip_source_tell(src);
	assert_int_equal(zip_source_seek(src, 0, SEEK_SET), 0);
	char *data = malloc((size_t)size);
	assert_non_null(data);
	assert_int_equal(zip_source_read(src, data, (zip_uint64_t)size), size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*len = (size_t)size;
	return data;
}

static char *make_zip(size_t *len, const char *const *parts)
{
	return make_zip_as(len, parts, 0);
}

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL  "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG  "http://schemas.openxmlformats.org/package/2006/relationships"

#define ROOT_RELS                                                                                  \
	"<Relationships xmlns=\"" NS_PKG "\"><Relationship Id=\"rId1\" Type=\"" NS_REL             \
	"/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
#define WORKBOOK                                                                                   \
	"<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheets>"                          \
	"<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
#define WORKBOOK_RELS(target)                                                                      \
	"<Relationships xmlns=\"" NS_PKG "\"><Relationship Id=\"rId1\" Type=\"" NS_REL             \
	"/worksheet\" Target=\"" target "\"/></Relationships>"
#define SHEET(rows) "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>" rows "</sheetData></worksheet>"

/* A one-sheet workbook with sheetData rows and optional extra parts. */
static char *make_sheet(size_t *len, const char *sheet_xml, const char *extra_name,
                        const char *extra)
{
	const char *parts[] = {"_rels/.rels",
	                       ROOT_RELS,
	                       "xl/workbook.xml",
	                       WORKBOOK,
	                       "xl/_rels/workbook.xml.rels",
	                       WORKBOOK_RELS("worksheets/sheet1.xml"),
	                       "xl/worksheets/sheet1.xml",
	                       sheet_xml,
	                       extra_name,
	                       extra,
	                       NULL};
	return make_zip(len, parts);
}

/* ---- files written by LibreOffice ---- */

static void reads_libreoffice_xlsx(void **state)
{
	struct rows rows = {0};
	read_fixture("students.xlsx", &rows);
	EXPECT_ROWS(
	    &rows,
	    /* column D is empty in every row: "" keeps the columns aligned */
	    "1|学号|姓名|手机||出生日期|入学日期|报到时间|签到|绩点|在读|备注",
	    /* long integers whole; dates by their format (yyyy-mm-dd,
	     * yyyy年m月d日, yyyy/m/d hh:mm, hh:mm:ss); LibreOffice
	     * writes booleans as the numbers 1 and 0; rich text joined */
	    "2|2023010001|张三|13800138000||2003-05-17|2023-09-01|2023-09-01 08:30:00|"
	    "14:05:09|3.14|1|普通加粗红字结尾",
	    /* text that looks like a number stays text; spaces kept;
	     * 12.5% is 0.125; two paragraphs become one "\n" */
	    "3|00123|  李 四  |-12.5||1900-03-01|2024-02-29|2024-12-31 23:59:59|0.125|0.001|0|"
	    "第一行\n第二行",
	    /* rows 4 and 5 are empty: skipped, numbers kept; formulas give
	     * their cached results */
	    "6|2023010002|王五|#DIV/0!||1.5E-10|1.23456789012346E+23|0.3||||只有最后一列");
	rows_free(&rows);
}

static void reads_libreoffice_1904_dates(void **state)
{
	struct rows rows = {0};
	read_fixture("date1904.xlsx", &rows);
	EXPECT_ROWS(&rows, "1|姓名|毕业日期|面试时间", "2|赵六|2025-06-30|2025-03-15 09:45:30",
	            "3|钱七|1904-01-01|2000-02-29 00:00:00");
	rows_free(&rows);
}

static const char *const students_csv[] = {
    "1|学号|姓名|专业|手机|备注",
    "2|2023010001|张三|机电一体化技术|13800138000|喜欢\"编程\", 也喜欢篮球",
    "3|2023010002|刘䶮|软件技术|13900139000|第一行\n第二行",
    "4|2023010003|王五|会计,金融",
};

static void reads_csv_imported_by_libreoffice(void **state)
{
	struct rows rows = {0};
	read_fixture("from_csv.xlsx", &rows);
	expect_rows(&rows, students_csv, 4);
	rows_free(&rows);
}

/* ---- CSV in every encoding Excel saves ---- */

static void reads_csv_in_every_encoding(void **state)
{
	static const char *const files[] = {"students.csv", "students_bom_crlf.csv",
	                                    "students_gb18030.csv", "students_utf16.txt"};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct rows rows = {0};
		read_fixture(files[i], &rows);
		expect_rows(&rows, students_csv, 4);
		rows_free(&rows);
	}
}

static void parses_csv_like_excel(void **state)
{
	struct rows rows = {0};
	static const char csv[] = "a,\"b,1\",\"say \"\"hi\"\"\"\r\n"
	                          "\r\n"                  /* blank line: row 2, not delivered */
	                          "\"multi\r\nline\",x\r" /* CRLF in quotes -> LF; lone CR ends */
	                          "\"ab\"c,d\"e, f \n"    /* text after a quote; a quote inside */
	                          ",,\n"                  /* only empty cells: skipped */
	                          "g,,\n"                 /* trailing empties trimmed */
	                          ",h,\"\"\n"
	                          "last"; /* no line end at the end */
	assert_int_equal(read_with(CSV(csv), NULL, &rows), 0);
	EXPECT_ROWS(&rows, "1|a|b,1|say \"hi\"", "3|multi\nline|x", "4|abc|d\"e| f ", "6|g", "7||h",
	            "8|last");
	rows_free(&rows);
}

static void detects_tab_delimiter(void **state)
{
	struct rows rows = {0};
	assert_int_equal(read_with(CSV("姓名\t备注\n张三\ta,b\n"), NULL, &rows), 0);
	EXPECT_ROWS(&rows, "1|姓名|备注", "2|张三|a,b");
	rows_free(&rows);
	/* a header with both: commas win, tabs are data */
	assert_int_equal(read_with(CSV("a\tb,c\n1\t2,3\n"), NULL, &rows), 0);
	EXPECT_ROWS(&rows, "1|a\tb|c", "2|1\t2|3");
	rows_free(&rows);
}

static void refuses_bad_csv(void **state)
{
	expect_error(CSV("a,b\n1,\"open\n2,3\n"), NULL, "第 2 行：引号没有闭合");
	expect_error(CSV("a,b\n1,2\n3,x\x01y\n"), NULL, "第 3 行 B 列含有不可见的控制字符 (0x01)");
	expect_error(CSV("a,b\n1,x\x7F\n"), NULL, "第 2 行 B 列含有不可见的控制字符 (0x7F)");
	/* neither UTF-8 nor GB18030: 0x81 must be followed by 0x30-0x39 or 0x40-0xFE */
	expect_error(CSV("a,b\nc,\x81\x20\n"), NULL, "第 2 行有既不是 UTF-8 也不是 GB18030");
	expect_error(CSV("\xEF\xBB\xBF"
	                 "a,\xC3\x28\n"),
	             NULL, "文件标明是 UTF-8");
	/* UTF-8 with one damaged byte (a Latin-1 e-acute) is reported as such,
	 * not tried as GB18030, where "\xE9" "A" is a valid character */
	expect_error(CSV("姓名,专业\n张三,软件技术\nJos\xE9"
	                 "Antonio,x\n"),
	             NULL, "第 3 行有无效的 UTF-8 字符");
	expect_error(CSV("\xFF\xFE"
	                 "a\0,"),
	             NULL, "UTF-16"); /* odd length */
}

/* ---- xlsx features LibreOffice does not write ---- */

static void reads_every_cell_type(void **state)
{
	static const char sst[] =
	    "<sst xmlns=\"" NS_MAIN "\">"
	    "<si><t>plain</t></si>"
	    "<si><r><rPr><b/></rPr><t xml:space=\"preserve\">张 </t></r><r><t>三</t></r>"
	    "<rPh sb=\"0\" eb=\"1\"><t>ZHANG</t></rPh></si>"
	    "<si><t>a_x000D__x000A_b _x005F_x0041_ _x0041_</t></si>"
	    "</sst>";
	/* x: prefixed elements, as .NET tools write them; cells without r= */
	static const char sheet[] =
	    "<x:worksheet xmlns:x=\"" NS_MAIN "\"><x:sheetData>"
	    "<x:row r=\"1\"><x:c t=\"s\"><x:v>0</x:v></x:c><x:c t=\"s\"><x:v>1</x:v></x:c>"
	    "<x:c t=\"s\"><x:v>2</x:v></x:c></x:row>"
	    "<x:row><x:c t=\"inlineStr\"><x:is><x:t>内联</x:t></x:is></x:c>"
	    "<x:c t=\"inlineStr\"><x:is><x:r><x:t>富</x:t></x:r><x:r><x:t>文本</x:t></x:r>"
	    "<x:rPh><x:t>FU</x:t></x:rPh></x:is></x:c>"
	    "<x:c t=\"b\"><x:v>1</x:v></x:c><x:c t=\"b\"><x:v>0</x:v></x:c>"
	    "<x:c t=\"e\"><x:f>NA()</x:f><x:v>#N/A</x:v></x:c>"
	    "<x:c t=\"str\"><x:f>A1&amp;\"x\"</x:f><x:v>plainx</x:v></x:c>"
	    "<x:c t=\"d\"><x:v>2024-06-30T00:00:00</x:v></x:c>"
	    "<x:c t=\"d\"><x:v>2024-06-30T08:15:00</x:v></x:c>"
	    "<x:c><x:f>1+1</x:f></x:c>" /* a formula without a cached value */
	    "<x:c r=\"K2\"><x:v>abc</x:v></x:c>"
	    "<x:c s=\"1\"><x:v>45170</x:v></x:c></x:row>" /* built-in date format 14 */
	    "</x:sheetData></x:worksheet>";
	const char *parts[] = {
	    "_rels/.rels", ROOT_RELS, "xl/workbook.xml", WORKBOOK, "xl/_rels/workbook.xml.rels",
	    "<Relationships xmlns=\"" NS_PKG "\">"
	    "<Relationship Id=\"rId1\" Type=\"" NS_REL
	    "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	    "<Relationship Id=\"rId2\" Type=\"" NS_REL "/sharedStrings\" Target=\"strings.xml\"/>"
	    "<Relationship Id=\"rId3\" Type=\"" NS_REL
	    "/styles\" Target=\"styles.xml\"/></Relationships>",
	    "xl/worksheets/sheet1.xml", sheet, "xl/strings.xml", sst, "xl/styles.xml",
	    /* no <numFmts> at all */
	    "<styleSheet xmlns=\"" NS_MAIN "\"><cellXfs><xf numFmtId=\"0\"/>"
	    "<xf numFmtId=\"14\"/></cellXfs></styleSheet>",
	    NULL};
	size_t len;
	char *data = make_zip(&len, parts);
	struct rows rows = {0};
	assert_int_equal(read_with(data, len, NULL, &rows), 0);
	EXPECT_ROWS(
	    &rows, "1|plain|张 三|a\nb _x0041_ A",
	    "2|内联|富文本|TRUE|FALSE|#N/A|plainx|2024-06-30|2024-06-30 08:15:00|||abc|2023-09-01");
	rows_free(&rows);
	free(data);
}

static void formats_numbers_and_dates(void **state)
{
	static const char styles[] =
	    "<styleSheet xmlns=\"" NS_MAIN "\"><numFmts>"
	    "<numFmt numFmtId=\"164\" "
	    "formatCode=\"[$-804]yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@\"/>"
	    "<numFmt numFmtId=\"165\" formatCode=\"h:mm AM/PM\"/>"
	    "<numFmt numFmtId=\"166\" formatCode=\"[Red]#,##0.00_);\\(#,##0.00\\)\"/>"
	    "<numFmt numFmtId=\"167\" formatCode=\"0.00&quot;天&quot;\"/>"
	    "<numFmt numFmtId=\"168\" formatCode=\"[h]:mm\"/>"
	    "<numFmt numFmtId=\"14\" formatCode=\"0.0\"/>" /* redefines a built-in id */
	    "</numFmts>"
	    "<cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs>" /* not cellXfs: ignored */
	    "<cellXfs>"
	    "<xf numFmtId=\"0\"/><xf numFmtId=\"22\"/><xf numFmtId=\"31\"/><xf numFmtId=\"58\"/>"
	    "<xf numFmtId=\"20\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf "
	    "numFmtId=\"166\"/>"
	    "<xf numFmtId=\"167\"/><xf numFmtId=\"168\"/><xf numFmtId=\"14\"/><xf numFmtId=\"15\"/>"
	    "</cellXfs></styleSheet>";
	/* style: 0 general, 1 datetime, 2 zh date, 3 zh month-day, 4 h:mm,
	 * 5 custom zh date, 6 AM/PM time, 7 red number, 8 quoted text,
	 * 9 elapsed, 10 redefined 14, 11 d-mmm-yy, 99 missing */
	static const char sheet[] = SHEET(
	    "<row r=\"1\"><c><v>2023010001</v></c><c><v>13800138000</v></c>"
	    "<c><v>3.1400000000000001</v></c><c><v>0.30000000000000004</v></c>"
	    "<c><v>-0</v></c><c><v>1E-3</v></c><c><v>1.5E-7</v></c><c><v>1.5E-8</v></c>"
	    "<c><v>1e21</v></c><c><v>123456789012345678</v></c><c><v>-2.5</v></c>"
	    "<c><v>12345.678</v></c><c><v>9007199254740991</v></c><c><v>0.5</v></c></row>"
	    "<row r=\"2\"><c s=\"1\"><v>45170.5</v></c><c s=\"2\"><v>45170.5</v></c>"
	    "<c s=\"3\"><v>45170</v></c><c s=\"4\"><v>0.75</v></c><c s=\"4\"><v>45170.25</v></c>"
	    "<c s=\"5\"><v>45170</v></c><c s=\"6\"><v>0.5</v></c><c s=\"7\"><v>45170</v></c>"
	    "<c s=\"8\"><v>3</v></c><c s=\"9\"><v>1.5</v></c><c s=\"10\"><v>45170</v></c>"
	    "<c s=\"11\"><v>45170</v></c><c s=\"99\"><v>45170</v></c></row>"
	    /* the 1900 system around Lotus' fictitious 1900-02-29; rounding */
	    "<row r=\"3\"><c s=\"2\"><v>1</v></c><c s=\"2\"><v>59</v></c><c s=\"2\"><v>60</v></c>"
	    "<c s=\"2\"><v>61</v></c><c s=\"2\"><v>0</v></c><c s=\"2\"><v>-1</v></c>"
	    "<c s=\"1\"><v>45170.999999999</v></c><c s=\"4\"><v>0.99999999</v></c>"
	    "<c s=\"2\"><v>2958465</v></c><c s=\"2\"><v>2958466</v></c></row>");
	const char *parts[] = {"_rels/.rels",
	                       ROOT_RELS,
	                       "xl/workbook.xml",
	                       WORKBOOK,
	                       "xl/_rels/workbook.xml.rels",
	                       "<Relationships xmlns=\"" NS_PKG "\">"
	                       "<Relationship Id=\"rId1\" Type=\"" NS_REL
	                       "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	                       "<Relationship Id=\"rId3\" Type=\"" NS_REL
	                       "/styles\" Target=\"styles.xml\"/></Relationships>",
	                       "xl/worksheets/sheet1.xml",
	                       sheet,
	                       "xl/styles.xml",
	                       styles,
	                       NULL};
	size_t len;
	char *data = make_zip(&len, parts);
	struct rows rows = {0};
	assert_int_equal(read_with(data, len, NULL, &rows), 0);
	EXPECT_ROWS(&rows,
	            "1|2023010001|13800138000|3.14|0.3|0|0.001|0.00000015|1.5E-08|1E+21|"
	            "123456789012346000|-2.5|12345.678|9007199254740991|0.5",
	            "2|2023-09-01 12:00:00|2023-09-01|2023-09-01|18:00:00|06:00:00|2023-09-01|"
	            "12:00:00|45170|3|36:00:00|45170|2023-09-01|45170",
	            "3|1900-01-01|1900-02-28|1900-02-29|1900-03-01|1899-12-31|-1|"
	            "2023-09-02 00:00:00|00:00:00|9999-12-31|2958466");
	rows_free(&rows);
	free(data);
}

static void takes_first_visible_worksheet(void **state)
{
	/* tab order: a chart sheet, a hidden worksheet, then the one to read,
	 * given by an absolute part name; a later visible sheet is ignored */
	const char *parts[] = {
	    "_rels/.rels",
	    ROOT_RELS,
	    "xl/workbook.xml",
	    "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheets>"
	    "<sheet name=\"图表\" sheetId=\"1\" r:id=\"rId4\"/>"
	    "<sheet name=\"字典\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/>"
	    "<sheet name=\"学生\" sheetId=\"3\" r:id=\"rId1\"/>"
	    "<sheet name=\"其他\" sheetId=\"4\" r:id=\"rId3\"/></sheets></workbook>",
	    "xl/_rels/workbook.xml.rels",
	    "<Relationships xmlns=\"" NS_PKG "\">"
	    "<Relationship Id=\"rId3\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/c.xml\"/>"
	    "<Relationship Id=\"rId2\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/b.xml\"/>"
	    "<Relationship Id=\"rId4\" Type=\"" NS_REL "/chartsheet\" Target=\"charts/c1.xml\"/>"
	    "<Relationship Id=\"rId1\" Type=\"" NS_REL
	    "/worksheet\" Target=\"/xl/worksheets/a.xml\"/></Relationships>",
	    "xl/worksheets/a.xml",
	    SHEET("<row r=\"1\"><c t=\"inlineStr\"><is><t>对</t></is></c></row>"),
	    "xl/worksheets/b.xml",
	    SHEET("<row r=\"1\"><c t=\"inlineStr\"><is><t>隐藏</t></is></c></row>"),
	    "xl/worksheets/c.xml",
	    SHEET("<row r=\"1\"><c t=\"inlineStr\"><is><t>其他</t></is></c></row>"),
	    NULL};
	size_t len;
	char *data = make_zip(&len, parts);
	struct rows rows = {0};
	assert_int_equal(read_with(data, len, NULL, &rows), 0);
	EXPECT_ROWS(&rows, "1|对");
	rows_free(&rows);
	free(data);
}

#define LONG_NAME "工作表工作表工作表工作表工作表工作表工作表工作表工作表工作表工作表工作表"

static void resolves_part_names(void **state)
{
	static const char sheet[] =
	    SHEET("<row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t>ok</t></is></c></row>");
	static const char *const targets[] = {
	    WORKBOOK_RELS("/xl/worksheets/sheet1.xml"), /* absolute */
	    WORKBOOK_RELS("./worksheets/../worksheets/sheet1.xml"),
	    WORKBOOK_RELS("/XL/Worksheets/Sheet1.xml"), /* part names ignore case */
	};
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		const char *parts[] = {"_rels/.rels",
		                       ROOT_RELS,
		                       "xl/workbook.xml",
		                       WORKBOOK,
		                       "xl/_rels/workbook.xml.rels",
		                       targets[i],
		                       "xl/worksheets/sheet1.xml",
		                       sheet,
		                       NULL};
		size_t len;
		char *data = make_zip(&len, parts);
		struct rows rows = {0};
		if (read_with(data, len, NULL, &rows))
			fail_msg("target %zu: %s", i, err);
		EXPECT_ROWS(&rows, "3||ok");
		rows_free(&rows);
		free(data);
	}

	/* no _rels/.rels: the workbook is taken to be xl/workbook.xml */
	const char *bare[] = {"xl/workbook.xml",
	                      WORKBOOK,
	                      "xl/_rels/workbook.xml.rels",
	                      WORKBOOK_RELS("worksheets/sheet1.xml"),
	                      "xl/worksheets/sheet1.xml",
	                      sheet,
	                      NULL};
	size_t len;
	char *data = make_zip(&len, bare);
	struct rows rows = {0};
	assert_int_equal(read_with(data, len, NULL, &rows), 0);
	EXPECT_ROWS(&rows, "3||ok");
	rows_free(&rows);
	free(data);

	/* messages are cut at a character boundary: a long Chinese part name
	 * overflows the message, and so does a tiny err buffer */
	const char *long_name[] = {"_rels/.rels",
	                           ROOT_RELS,
	                           "xl/workbook.xml",
	                           WORKBOOK,
	                           "xl/_rels/workbook.xml.rels",
	                           WORKBOOK_RELS(LONG_NAME LONG_NAME LONG_NAME ".xml"),
	                           NULL};
	data = make_zip(&len, long_name);
	expect_error(data, len, NULL, "文件不是有效的 xlsx：缺少 xl/工作表工作表");
	assert_true(strlen(err) > 250);
	assert_true(utf8_valid(err, strlen(err)));
	char small[8];
	assert_int_equal(table_read(data, len, NULL, collect, &rows, small, sizeof(small)), -1);
	assert_string_equal(small, "文件"); /* not "文件" and the first byte of "不" */
	free(data);

	/* a target outside the package */
	const char *escape[] = {"_rels/.rels",
	                        ROOT_RELS,
	                        "xl/workbook.xml",
	                        WORKBOOK,
	                        "xl/_rels/workbook.xml.rels",
	                        WORKBOOK_RELS("../../etc/passwd"),
	                        NULL};
	data = make_zip(&len, escape);
	expect_error(data, len, NULL, "关系指向包外的文件");
	free(data);
}

static void refuses_bad_xlsx(void **state)
{
	size_t len;
	char *data;

	/* rows out of order */
	data = make_sheet(
	    &len, SHEET("<row r=\"2\"><c><v>1</v></c></row><row r=\"1\"><c><v>1</v></c></row>"),
	    NULL, NULL);
	expect_error(data, len, NULL, "行号无效或顺序错误");
	free(data);
	/* a DTD (entity expansion) */
	data = make_sheet(&len,
	                  "<!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\">]>" SHEET(
	                      "<row r=\"1\"><c t=\"inlineStr\"><is><t>&a;</t></is></c></row>"),
	                  NULL, NULL);
	expect_error(data, len, NULL, "XML 中含有 DTD");
	free(data);
	/* broken XML */
	data = make_sheet(&len, "<worksheet><sheetData><row>", NULL, NULL);
	expect_error(data, len, NULL, "xl/worksheets/sheet1.xml 第 1 行 XML 错误");
	free(data);
	/* a shared string that does not exist */
	data = make_sheet(&len, SHEET("<row r=\"1\"><c t=\"s\"><v>5</v></c></row>"), NULL, NULL);
	expect_error(data, len, NULL, "共享字符串编号无效");
	free(data);
	/* a control character, escaped the Excel way */
	data = make_sheet(
	    &len,
	    SHEET("<row r=\"4\"><c r=\"C4\" t=\"inlineStr\"><is><t>a_x0001_</t></is></c></row>"),
	    NULL, NULL);
	expect_error(data, len, NULL, "第 4 行 C 列含有不可见的控制字符 (0x01)");
	free(data);
	/* a zip that holds no workbook (e.g. a .docx) */
	const char *docx[] = {"word/document.xml", "<w/>", NULL};
	data = make_zip(&len, docx);
	expect_error(data, len, NULL, "找不到工作簿 (xl/workbook.xml)");
	free(data);
}

static void refuses_truncated_and_corrupt_zip(void **state)
{
	size_t len;
	char *data = load("students.xlsx", &len);

	/* cut short: the central directory is missing */
	expect_error(data, len / 2, NULL, "不是完整的 zip 文件");
	expect_error(data, 30, NULL, "不是完整的 zip 文件");
	/* damage the compressed bytes of every entry: inflate or CRC fails */
	for (size_t i = 200; i < len - 1500; i += 97)
		data[i] ^= 0x5A;
	expect_error(data, len, NULL, "文件不是有效的 xlsx");
	free(data);
}

/* A sheet of `bytes` that deflates to almost nothing: spaces, between
 * elements (in_cell = 0) or as the text of cell A1. */
static char *bomb_sheet(size_t bytes, int in_cell)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\">");
	buf_adds(&b, in_cell ? "<c t=\"inlineStr\"><is><t>" : "<c><v>1</v></c>");
	while (b.len < bytes)
		buf_adds(&b, "                                                                ");
	buf_adds(&b, in_cell ? "</t></is></c>" : "");
	buf_adds(&b, "</row></sheetData></worksheet>");
	return buf_detach(&b, NULL);
}

/* Rewrites every stored "uncompressed size" of entry `name` in a zip. */
static void lie_about_size(char *zip, size_t len, const char *name, uint32_t size)
{
	size_t nlen = strlen(name);
	int patched = 0;
	for (size_t i = 0; i + 46 + nlen <= len; i++) {
		if (!memcmp(zip + i, "PK\3\4", 4) && !memcmp(zip + i + 30, name, nlen)) {
			memcpy(zip + i + 22, &size, 4); /* little-endian host */
			patched++;
		}
		if (!memcmp(zip + i, "PK\1\2", 4) && !memcmp(zip + i + 46, name, nlen)) {
			memcpy(zip + i + 24, &size, 4);
			patched++;
		}
	}
	assert_int_equal(patched, 2);
}

static void refuses_zip_bomb(void **state)
{
	struct table_limits lim = {.max_uncompressed_bytes = 1 << 20};
	char *sheet = bomb_sheet(4 << 20, 0);
	size_t len;
	char *data = make_sheet(&len, sheet, NULL, NULL);
	assert_true(len < 64 * 1024);

	/* the declared size is over the limit */
	expect_error(data, len, &lim, "解压后超过大小上限 1 MiB");
	/* the declared size lies: counting the inflated bytes catches it */
	lie_about_size(data, len, "xl/worksheets/sheet1.xml", 1000);
	expect_error(data, len, &lim, "解压后超过大小上限 1 MiB");
	free(data);

	/* without a byte limit, the sheet is fine */
	struct rows rows = {0};
	lim.max_uncompressed_bytes = 0;
	data = make_sheet(&len, sheet, NULL, NULL);
	assert_int_equal(read_with(data, len, &lim, &rows), 0);
	EXPECT_ROWS(&rows, "1|1");
	rows_free(&rows);
	free(data);
	free(sheet);

	/* a cell is refused as soon as it is over its limit */
	sheet = bomb_sheet(4 << 20, 1);
	data = make_sheet(&len, sheet, NULL, NULL);
	expect_error(data, len, &lim, "第 1 行 A 列的内容超过单元格上限 32 KiB");
	free(data);
	free(sheet);
}

static void refuses_other_files(void **state)
{
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
	static const char xls[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0";
	static const char binary[] = "\x01\x02\x03\0\x04\x05";
	expect_error(png, sizeof(png) - 1, NULL, "这是图片文件");
	expect_error(xls, sizeof(xls) - 1, NULL, "不支持 .xls");
	expect_error(binary, sizeof(binary) - 1, NULL, "看起来是二进制文件");
	expect_error("", 0, NULL, "文件是空的");

	/* an OpenDocument spreadsheet: "mimetype" stored first */
	const char *ods[] = {"mimetype", "application/vnd.oasis.opendocument.spreadsheet",
	                     "content.xml", "<x/>", NULL};
	size_t len;
	char *data = make_zip_as(&len, ods, 1);
	expect_error(data, len, NULL, "不支持 .ods");
	free(data);
}

/* ---- limits and the callback ---- */

static void enforces_limits(void **state)
{
	struct rows rows = {0};
	struct table_limits lim = {.max_rows = 2};
	size_t len;
	char *data = load("students.xlsx", &len);

	/* rows: the header counts; rows before the error were delivered */
	assert_int_equal(read_with(data, len, &lim, &rows), -1);
	assert_string_equal(err, "超过行数上限 2（第 3 行）");
	assert_int_equal(rows.n, 2);
	rows_free(&rows);
	assert_int_equal(read_with(CSV("a\nb\n\nc\n"), &lim, &rows), -1);
	assert_string_equal(err, "超过行数上限 2（第 4 行）");
	rows_free(&rows);

	/* columns: a value in column K (11) with 10 allowed; empty cells past
	 * the limit are fine */
	lim = (struct table_limits){.max_cols = 10};
	expect_error(data, len, &lim, "第 1 行 K 列超出列数上限 10");
	lim.max_cols = 3;
	assert_int_equal(read_with(CSV("a,b,c,,,,,,\n"), &lim, &rows), 0);
	EXPECT_ROWS(&rows, "1|a|b|c");
	rows_free(&rows);
	expect_error(CSV("a,b,c,,,,,,x\n"), &lim, "第 1 行 I 列超出列数上限 3");

	/* cell bytes: "普通加粗红字结尾" and "机电一体化技术" are 24 and 21 */
	lim = (struct table_limits){.max_cell_bytes = 20};
	expect_error(data, len, &lim, "第 2 行 K 列的内容超过单元格上限 20 字节");
	free(data);
	data = load("students.csv", &len);
	expect_error(data, len, &lim, "第 2 行 C 列的内容超过单元格上限 20 字节");
	lim.max_cell_bytes = 21;
	expect_error(data, len, &lim, "第 2 行 E 列"); /* the quoted note is longer */

	/* file size */
	lim = (struct table_limits){.max_file_bytes = len - 1};
	expect_error(data, len, &lim, "文件超过大小上限");
	free(data);
}

static void reports_long_shared_string_where_used(void **state)
{
	static const char sst[] = "<sst xmlns=\"" NS_MAIN "\"><si><t>short</t></si>"
	                          "<si><t>this one is far too long</t></si></sst>";
	const char *parts[] = {"_rels/.rels",
	                       ROOT_RELS,
	                       "xl/workbook.xml",
	                       WORKBOOK,
	                       "xl/_rels/workbook.xml.rels",
	                       "<Relationships xmlns=\"" NS_PKG "\">"
	                       "<Relationship Id=\"rId1\" Type=\"" NS_REL
	                       "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	                       "<Relationship Id=\"rId2\" Type=\"" NS_REL
	                       "/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>",
	                       "xl/worksheets/sheet1.xml",
	                       SHEET("<row r=\"1\"><c t=\"s\"><v>0</v></c></row>"
	                             "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>1</v></c></row>"),
	                       "xl/sharedStrings.xml",
	                       sst,
	                       NULL};
	struct table_limits lim = {.max_cell_bytes = 10};
	struct rows rows = {0};
	size_t len;
	char *data = make_zip(&len, parts);
	assert_int_equal(read_with(data, len, &lim, &rows), -1);
	assert_string_equal(err, "第 2 行 B 列的内容超过单元格上限 10 字节");
	EXPECT_ROWS(&rows, "1|short");
	rows_free(&rows);
	free(data);
}

static void callback_stops_reading(void **state)
{
	struct rows rows = {.stop_after = 2};
	size_t len;
	char *data = load("students.xlsx", &len);
	assert_int_equal(read_with(data, len, NULL, &rows), 7);
	assert_string_equal(err, "");
	assert_int_equal(rows.n, 2);
	rows_free(&rows);
	free(data);

	rows.stop_after = 1;
	assert_int_equal(read_with(CSV("a\nb\n"), NULL, &rows), 7);
	assert_int_equal(rows.n, 1);
	rows_free(&rows);
}

static void names_columns(void **state)
{
	static const struct {
		size_t col;
		const char *name;
	} cases[] = {{0, "A"},   {25, "Z"},   {26, "AA"},   {51, "AZ"},
	             {52, "BA"}, {701, "ZZ"}, {702, "AAA"}, {16383, "XFD"}};
	char name[TABLE_COLUMN_NAME_SIZE];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		table_column_name(cases[i].col, name);
		assert_string_equal(name, cases[i].name);
	}
	table_column_name((size_t)-1, name); /* fits */
	assert_true(strlen(name) < TABLE_COLUMN_NAME_SIZE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(reads_libreoffice_xlsx),
	    cmocka_unit_test(reads_libreoffice_1904_dates),
	    cmocka_unit_test(reads_csv_imported_by_libreoffice),
	    cmocka_unit_test(reads_csv_in_every_encoding),
	    cmocka_unit_test(parses_csv_like_excel),
	    cmocka_unit_test(detects_tab_delimiter),
	    cmocka_unit_test(refuses_bad_csv),
	    cmocka_unit_test(reads_every_cell_type),
	    cmocka_unit_test(formats_numbers_and_dates),
	    cmocka_unit_test(takes_first_visible_worksheet),
	    cmocka_unit_test(resolves_part_names),
	    cmocka_unit_test(refuses_bad_xlsx),
	    cmocka_unit_test(refuses_truncated_and_corrupt_zip),
	    cmocka_unit_test(refuses_zip_bomb),
	    cmocka_unit_test(refuses_other_files),
	    cmocka_unit_test(enforces_limits),
	    cmocka_unit_test(reports_long_shared_string_where_used),
	    cmocka_unit_test(callback_stops_reading),
	    cmocka_unit_test(names_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
