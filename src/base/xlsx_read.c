/*
 * xlsx_read: the first visible worksheet of an .xlsx file, for table_read().
 *
 * An .xlsx file is a zip of XML parts (ECMA-376 / ISO 29500, "SpreadsheetML").
 * We read, in this order, each with expat as a stream:
 *
 *   1. _rels/.rels                  where the workbook part is (usually
 *                                   xl/workbook.xml; that if absent)
 *   2. <dir>/_rels/<wb>.rels        relationship id -> part, for sheets,
 *                                   styles and shared strings
 *   3. the workbook                 date1904; the sheets in tab order: we take
 *                                   the first visible worksheet (chart sheets
 *                                   skipped), else the first worksheet
 *   4. styles (optional)            cellXfs[i] -> number format -> "is this a
 *                                   date, a time, or both"
 *   5. shared strings (optional)    kept in memory: cells refer to them by
 *                                   index, in any order
 *   6. the worksheet                streamed: each </row> delivers a row
 *
 * Design notes:
 *  1. Nothing in the file is trusted for sizes. The number of zip entries is
 *     capped; each part's declared size is checked before reading it, and
 *     the bytes actually inflated are counted against max_uncompressed_bytes
 *     while reading (a zip bomb can declare any size). The shared-string
 *     table counts against the same budget. XML with a DTD is refused, so
 *     entity expansion ("billion laughs") cannot happen.
 *  2. Elements are matched by local name (the parser splits namespaces), so
 *     files with prefixed elements (<x:row>, written by .NET tools) and
 *     Strict OOXML namespaces read the same.
 *  3. Values come out as Excel's formula bar shows them (see table_read.h);
 *     number formats are applied only to tell dates and times apart.
 *  4. Part names are matched case-insensitively, as OPC requires.
 */
#include <expat.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/table_read_int.h"

#define MAX_ZIP_ENTRIES 10000 /* real files have tens */
#define MAX_RELS        10000
#define MAX_XLSX_ROW    1048576
#define MAX_XLSX_COL    16384
#define NS_SEP          '\x01' /* between namespace and local name */

/* What a number format makes of a number. KIND_ELAPSED: [h]:mm:ss. */
enum cell_kind { KIND_NUMBER, KIND_DATE, KIND_TIME, KIND_DATETIME, KIND_ELAPSED };

struct rel {
	char *id;
	char *type;   /* the last path segment of the Type URI: "worksheet", ... */
	char *target; /* resolved part name, without a leading '/' */
};

struct numfmt {
	unsigned long id;
	enum cell_kind kind;
};

struct xlsx {
	struct table_ctx *t;
	zip_t *zip;
	size_t inflated; /* bytes inflated so far, all parts */

	char *workbook; /* part names */
	char *sheet;
	char *styles;
	char *strings;
	struct rel *rels;
	size_t nrels, rels_cap;
	int date1904;

	unsigned char *xf_kind; /* enum cell_kind per cellXfs entry */
	size_t nxf;

	/* Shared strings: string i is sst_text.data + sst_off[i]; a string over
	 * max_cell_bytes is kept empty with TOO_LONG set, and is an error only
	 * if a cell uses it. */
	struct buf sst_text;
	size_t *sst_off;
	size_t nsst, sst_cap;
};

#define TOO_LONG ((size_t)1 << (sizeof(size_t) * 8 - 1))

static int invalid(struct xlsx *x, const char *why)
{
	return table_fail(x->t, "文件不是有效的 xlsx：%s", why);
}

static int over_budget(struct xlsx *x)
{
	char size[32];
	table_size_text(x->t->lim.max_uncompressed_bytes, size, sizeof(size));
	return table_fail(x->t, "xlsx 解压后超过大小上限 %s（文件可能是压缩炸弹）", size);
}

/* ---- XML plumbing ---- */

/* The state every part's handlers start with. */
struct sax {
	struct xlsx *x;
	XML_Parser parser;
	int stopped; /* an error, a callback's stop, or "seen enough" */
	int done;    /* stopped because we have what we need: not an error */
};

static void sax_stop(struct sax *s)
{
	s->stopped = 1;
	XML_StopParser(s->parser, XML_FALSE);
}

static void sax_fail(struct sax *s, const char *why)
{
	invalid(s->x, why);
	sax_stop(s);
}

static const char *local_name(const XML_Char *name)
{
	const char *sep = strrchr(name, NS_SEP);
	return sep ? sep + 1 : name;
}

/* The value of the attribute called `local` without a namespace, or NULL. */
static const char *attr(const XML_Char **atts, const char *local)
{
	for (; *atts; atts += 2)
		if (!strcmp(atts[0], local))
			return atts[1];
	return NULL;
}

/* The value of an attribute called `local` in any namespace (r:id). */
static const char *attr_ns(const XML_Char **atts, const char *local)
{
	for (; *atts; atts += 2) {
		const char *sep = strrchr(atts[0], NS_SEP);
		if (sep && !strcmp(sep + 1, local))
			return atts[1];
	}
	return NULL;
}

static void XMLCALL refuse_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                                   const XML_Char *pubid, int has_internal_subset)
{
	sax_fail(ud, "XML 中含有 DTD");
}

/*
 * Parses part `name` with the handlers given; s is their user data and must
 * start with a struct sax. Returns 0 when the part was parsed (or is absent
 * and !required), non-zero otherwise (t->rc says why).
 */
static int parse_part(struct xlsx *x, const char *name, int required, struct sax *s,
                      XML_StartElementHandler start, XML_EndElementHandler end,
                      XML_CharacterDataHandler text)
{
	char why[256];
	zip_int64_t index = zip_name_locate(x->zip, name, ZIP_FL_NOCASE);
	if (index < 0) {
		if (!required)
			return 0;
		snprintf(why, sizeof(why), "缺少 %s", name);
		return invalid(x, why);
	}

	zip_stat_t st;
	size_t budget = x->t->lim.max_uncompressed_bytes - x->inflated;
	if (zip_stat_index(x->zip, (zip_uint64_t)index, 0, &st) == 0 &&
	    (st.valid & ZIP_STAT_SIZE) && st.size > budget)
		return over_budget(x);

	zip_file_t *zf = zip_fopen_index(x->zip, (zip_uint64_t)index, 0);
	if (!zf) {
		zip_error_t *ze = zip_get_error(x->zip);
		if (zip_error_code_zip(ze) == ZIP_ER_NOPASSWD ||
		    zip_error_code_zip(ze) == ZIP_ER_ENCRNOTSUPP)
			return table_fail(x->t, "xlsx 文件带有密码，请去掉密码后再上传");
		snprintf(why, sizeof(why), "无法读取 %s（%s）", name, zip_error_strerror(ze));
		return invalid(x, why);
	}

	XML_Parser p = XML_ParserCreateNS(NULL, NS_SEP);
	int rc = 0;
	if (!p) {
		rc = table_oom(x->t);
		goto out_close;
	}
	s->x = x;
	s->parser = p;
	s->stopped = s->done = 0;
	XML_SetUserData(p, s);
	XML_SetElementHandler(p, start, end);
	XML_SetCharacterDataHandler(p, text);
	XML_SetStartDoctypeDeclHandler(p, refuse_doctype);

	char chunk[64 * 1024];
	for (;;) {
		zip_int64_t n = zip_fread(zf, chunk, sizeof(chunk));
		if (n < 0) {
			snprintf(why, sizeof(why), "%s 的压缩数据已损坏（%s）", name,
			         zip_file_strerror(zf));
			rc = invalid(x, why);
			goto out_free;
		}
		if ((size_t)n > x->t->lim.max_uncompressed_bytes - x->inflated) {
			rc = over_budget(x);
			goto out_free;
		}
		x->inflated += (size_t)n;
		if (XML_Parse(p, chunk, (int)n, n == 0) == XML_STATUS_ERROR && !s->stopped) {
			snprintf(why, sizeof(why), "%s 第 %lu 行 XML 错误（%s）", name,
			         (unsigned long)XML_GetCurrentLineNumber(p),
			         XML_ErrorString(XML_GetErrorCode(p)));
			rc = invalid(x, why);
			goto out_free;
		}
		if (s->stopped) {
			rc = s->done ? 0 : 1;
			goto out_free;
		}
		if (n == 0)
			break;
	}
out_free:
	XML_ParserFree(p);
out_close:
	zip_fclose(zf);
	return rc;
}

/* Makes room for element n of the array *p of *cap elements of size bytes. */
static int grow(void **p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 64;
	void *q = ncap > ((size_t)-1) / size ? NULL : realloc(*p, ncap * size);
	if (!q)
		return -1;
	*p = q;
	*cap = ncap;
	return 0;
}

/* ---- part names and relationships ---- */

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* Resolves a relationship target against the directory of its source part
 * (dir: "" or "xl/"), giving a part name with no leading '/', "." or "..".
 * Returns malloc'd text, or NULL when out of memory or the target leaves the
 * package. */
static char *resolve(const char *dir, const char *target)
{
	size_t cap = strlen(dir) + strlen(target) + 1;
	char *path = malloc(cap);
	if (!path)
		return NULL;
	if (target[0] == '/')
		snprintf(path, cap, "%s", target + 1);
	else
		snprintf(path, cap, "%s%s", dir, target);

	/* Rewrite segments in place. */
	char *out = path;
	const char *seg = path;
	while (*seg) {
		const char *slash = strchr(seg, '/');
		size_t len = slash ? (size_t)(slash - seg) : strlen(seg);
		if ((len == 1 && seg[0] == '.') || len == 0) {
			/* skip */
		} else if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			if (out == path) {
				free(path);
				return NULL;
			}
			out--; /* the '/' that ended the previous segment */
			while (out > path && out[-1] != '/')
				out--;
		} else {
			memmove(out, seg, len);
			out += len;
			if (slash)
				*out++ = '/';
		}
		seg += len + (slash ? 1 : 0);
	}
	*out = '\0';
	return path;
}

/* "xl/workbook.xml" -> dir "xl/" and rels "xl/_rels/workbook.xml.rels". */
static int part_dir_and_rels(const char *part, char **dir, char **rels)
{
	const char *slash = strrchr(part, '/');
	size_t dlen = slash ? (size_t)(slash - part) + 1 : 0;
	size_t cap = strlen(part) + sizeof("_rels/.rels");

	*dir = dup_n(part, dlen);
	*rels = malloc(cap);
	if (!*dir || !*rels)
		return -1;
	snprintf(*rels, cap, "%.*s_rels/%s.rels", (int)dlen, part, part + dlen);
	return 0;
}

struct rels_sax {
	struct sax base;
	const char *dir;
};

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct rels_sax *s = ud;
	struct xlsx *x = s->base.x;

	if (s->base.stopped || strcmp(local_name(name), "Relationship"))
		return;
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type");
	const char *target = attr(atts, "Target"), *mode = attr(atts, "TargetMode");
	if (!id || !type || !target || (mode && !strcmp(mode, "External")))
		return;
	if (x->nrels == MAX_RELS)
		return sax_fail(&s->base, "关系 (relationship) 过多");
	if (grow((void **)&x->rels, &x->rels_cap, x->nrels, sizeof(*x->rels))) {
		table_oom(x->t);
		return sax_stop(&s->base);
	}
	struct rel *r = &x->rels[x->nrels];
	const char *slash = strrchr(type, '/');
	r->id = strdup(id);
	r->type = strdup(slash ? slash + 1 : type);
	r->target = resolve(s->dir, target);
	x->nrels++;
	if (!r->id || !r->type) {
		table_oom(x->t);
		return sax_stop(&s->base);
	}
	if (!r->target)
		return sax_fail(&s->base, "关系指向包外的文件");
}

static void free_rels(struct xlsx *x)
{
	for (size_t i = 0; i < x->nrels; i++) {
		free(x->rels[i].id);
		free(x->rels[i].type);
		free(x->rels[i].target);
	}
	free(x->rels);
	x->rels = NULL;
	x->nrels = x->rels_cap = 0;
}

static int parse_rels(struct xlsx *x, const char *rels_part, const char *dir, int required)
{
	struct rels_sax s = {.dir = dir};
	free_rels(x);
	return parse_part(x, rels_part, required, &s.base, rels_start, NULL, NULL);
}

static const struct rel *find_rel_type(struct xlsx *x, const char *type)
{
	for (size_t i = 0; i < x->nrels; i++)
		if (!strcmp(x->rels[i].type, type))
			return &x->rels[i];
	return NULL;
}

/* ---- workbook ---- */

struct workbook_sax {
	struct sax base;
	size_t sheets;
	const struct rel *visible; /* the first visible worksheet */
	const struct rel *any;     /* the first worksheet */
};

static int truthy(const char *v)
{
	return v && (!strcmp(v, "1") || !strcmp(v, "true"));
}

static void XMLCALL workbook_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct workbook_sax *s = ud;
	struct xlsx *x = s->base.x;
	const char *local = local_name(name);

	if (s->base.stopped)
		return;
	if (!strcmp(local, "workbookPr")) {
		x->date1904 = truthy(attr(atts, "date1904"));
	} else if (!strcmp(local, "sheet") && !s->visible) {
		if (++s->sheets > MAX_RELS)
			return sax_fail(&s->base, "工作表过多");
		const char *id = attr_ns(atts, "id"), *state = attr(atts, "state");
		for (size_t i = 0; id && i < x->nrels; i++) {
			const struct rel *r = &x->rels[i];
			if (strcmp(r->id, id) || strcmp(r->type, "worksheet"))
				continue;
			if (!s->any)
				s->any = r;
			if (!s->visible && (!state || !strcmp(state, "visible")))
				s->visible = r;
			break;
		}
	}
}

/* ---- styles: which cell formats are dates ---- */

/* The built-in number formats that are dates or times. 14-22 and 45-47 are
 * the same everywhere; 27-36 and 50-58 are the East Asian ones (zh-CN:
 * yyyy"年"m"月"d"日", h"时"mm"分", ...), which Chinese Excel writes by id
 * without defining them. */
static enum cell_kind builtin_kind(unsigned long id)
{
	if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 ||
	    (id >= 50 && id <= 54) || id == 57 || id == 58)
		return KIND_DATE;
	if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) || id == 45 || id == 47 || id == 55 ||
	    id == 56)
		return KIND_TIME;
	if (id == 46) /* [h]:mm:ss */
		return KIND_ELAPSED;
	if (id == 22)
		return KIND_DATETIME;
	return KIND_NUMBER;
}

/*
 * Classifies a custom format code. Date letters count only outside quoted
 * text, backslash escapes, "_x" and "*x" fills, and [brackets] (colours,
 * locales, conditions), except elapsed-time brackets like [h] and [mm].
 * AM/PM and A/P are skipped. "m" is a minute right after an hour or right
 * before a second, else a month.
 */
static enum cell_kind format_kind(const char *code)
{
	char tokens[64];
	size_t ntok = 0;
	int elapsed = 0;

	for (const char *p = code; *p && ntok < sizeof(tokens);) {
		char c = (char)(*p | 0x20); /* ASCII lower case */
		if (*p == '"') {
			const char *q = strchr(p + 1, '"');
			p = q ? q + 1 : p + strlen(p);
		} else if (*p == '\\' || *p == '_' || *p == '*') {
			p += p[1] ? 2 : 1;
		} else if (*p == '[') {
			const char *q = strchr(p, ']');
			if (!q)
				break;
			char e = (char)(p[1] | 0x20);
			if (q > p + 1 && (e == 'h' || e == 'm' || e == 's') &&
			    strspn(p + 1, "hHmMsS") == (size_t)(q - p - 1)) {
				tokens[ntok++] = e;
				elapsed = 1;
			}
			p = q + 1;
		} else if (!strncmp(p, "AM/PM", 5) || !strncmp(p, "am/pm", 5)) {
			p += 5;
		} else if (!strncmp(p, "A/P", 3) || !strncmp(p, "a/p", 3)) {
			p += 3;
		} else if (c == 'y' || c == 'm' || c == 'd' || c == 'h' || c == 's') {
			tokens[ntok++] = c;
			while ((char)(*p | 0x20) == c)
				p++;
		} else {
			p++;
		}
	}

	int date = 0, time = 0;
	for (size_t i = 0; i < ntok; i++) {
		char c = tokens[i];
		if (c == 'm')
			c = (i > 0 && tokens[i - 1] == 'h') ||
			            (i + 1 < ntok && tokens[i + 1] == 's')
			        ? 'h'
			        : 'd';
		if (c == 'y' || c == 'd')
			date = 1;
		else
			time = 1;
	}
	if (date)
		return time ? KIND_DATETIME : KIND_DATE;
	if (time)
		return elapsed ? KIND_ELAPSED : KIND_TIME;
	return KIND_NUMBER;
}

struct styles_sax {
	struct sax base;
	int in_cellxfs;
	int depth; /* element depth inside cellXfs */
	struct numfmt *fmts;
	size_t nfmts, fmts_cap;
	unsigned long *xf_fmt;
	size_t cap;
};

static void XMLCALL styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct styles_sax *s = ud;
	struct xlsx *x = s->base.x;
	const char *local = local_name(name);

	if (s->base.stopped)
		return;
	if (s->in_cellxfs) {
		if (s->depth++ == 0 && !strcmp(local, "xf")) {
			const char *id = attr(atts, "numFmtId");
			if (grow((void **)&s->xf_fmt, &s->cap, x->nxf, sizeof(*s->xf_fmt))) {
				table_oom(x->t);
				return sax_stop(&s->base);
			}
			s->xf_fmt[x->nxf++] = id ? strtoul(id, NULL, 10) : 0;
		}
	} else if (!strcmp(local, "cellXfs")) {
		s->in_cellxfs = 1;
		s->depth = 0;
	} else if (!strcmp(local, "numFmt")) {
		const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
		if (!id || !code)
			return;
		if (grow((void **)&s->fmts, &s->fmts_cap, s->nfmts, sizeof(*s->fmts))) {
			table_oom(x->t);
			return sax_stop(&s->base);
		}
		struct numfmt *f = s->fmts;
		f[s->nfmts].id = strtoul(id, NULL, 10);
		f[s->nfmts].kind = format_kind(code);
		s->nfmts++;
	}
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
	struct styles_sax *s = ud;

	if (s->in_cellxfs && s->depth-- == 0)
		s->in_cellxfs = 0;
}

static int cmp_numfmt(const void *a, const void *b)
{
	const struct numfmt *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

static int read_styles(struct xlsx *x)
{
	struct styles_sax s = {0};
	int rc = 0;

	if (x->styles)
		rc = parse_part(x, x->styles, 0, &s.base, styles_start, styles_end, NULL);
	if (!rc && x->nxf) {
		/* A file's own definition of an id wins over the built-in one. */
		if (s.nfmts)
			qsort(s.fmts, s.nfmts, sizeof(*s.fmts), cmp_numfmt);
		x->xf_kind = malloc(x->nxf);
		if (!x->xf_kind)
			rc = table_oom(x->t);
		for (size_t i = 0; !rc && i < x->nxf; i++) {
			struct numfmt key = {.id = s.xf_fmt[i]};
			const struct numfmt *f =
			    s.nfmts ? bsearch(&key, s.fmts, s.nfmts, sizeof(key), cmp_numfmt)
			            : NULL;
			x->xf_kind[i] = (unsigned char)(f ? f->kind : builtin_kind(key.id));
		}
	}
	if (!x->xf_kind)
		x->nxf = 0;
	free(s.fmts);
	free(s.xf_fmt);
	return rc;
}

/* ---- strings ---- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Writes code point cp as UTF-8 into out; returns its length. */
static size_t put_utf8(char *out, unsigned cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	out[0] = (char)(0xE0 | cp >> 12);
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

/* Decodes, in place, the _xHHHH_ escapes with which Excel stores characters
 * XML cannot hold (_x000D_ for CR, _x005F_ for a literal '_'). Surrogates
 * are left as they are. Returns the new length. */
static size_t decode_escapes(char *s, size_t n)
{
	size_t in = 0, out = 0;

	while (in < n) {
		if (s[in] == '_' && n - in >= 7 && s[in + 1] == 'x' && s[in + 6] == '_') {
			int h[4] = {hexval(s[in + 2]), hexval(s[in + 3]), hexval(s[in + 4]),
			            hexval(s[in + 5])};
			if (h[0] >= 0 && h[1] >= 0 && h[2] >= 0 && h[3] >= 0) {
				unsigned cp = (unsigned)(h[0] << 12 | h[1] << 8 | h[2] << 4 | h[3]);
				if (cp < 0xD800 || cp > 0xDFFF) {
					out += put_utf8(s + out, cp);
					in += 7;
					continue;
				}
			}
		}
		s[out++] = s[in++];
	}
	s[out] = '\0';
	return out;
}

/* Text is collected only inside <t> (not inside a phonetic <rPh> run) and
 * <v>; raw text beyond this is refused before decoding. */
static size_t raw_text_cap(const struct xlsx *x)
{
	size_t cap = x->t->lim.max_cell_bytes;
	return cap > ((size_t)-1) / 8 ? (size_t)-1 : cap * 7 + 64;
}

struct strings_sax {
	struct sax base;
	int in_si, in_t, rph;
	struct buf val;
	int too_long;
};

static void XMLCALL strings_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct strings_sax *s = ud;
	const char *local = local_name(name);

	if (s->base.stopped)
		return;
	if (!strcmp(local, "si")) {
		s->in_si = 1;
		s->rph = s->in_t = s->too_long = 0;
		buf_reset(&s->val);
	} else if (s->in_si && !strcmp(local, "rPh")) {
		s->rph++;
	} else if (s->in_si && !s->rph && !strcmp(local, "t")) {
		s->in_t = 1;
	}
}

static void XMLCALL strings_text(void *ud, const XML_Char *text, int len)
{
	struct strings_sax *s = ud;

	if (s->base.stopped || !s->in_t || s->too_long)
		return;
	if (s->val.len + (size_t)len > raw_text_cap(s->base.x))
		s->too_long = 1;
	else
		buf_add(&s->val, text, (size_t)len);
}

static void XMLCALL strings_end(void *ud, const XML_Char *name)
{
	struct strings_sax *s = ud;
	struct xlsx *x = s->base.x;
	const char *local = local_name(name);

	if (s->base.stopped)
		return;
	if (!strcmp(local, "t")) {
		s->in_t = 0;
	} else if (!strcmp(local, "rPh")) {
		if (s->rph)
			s->rph--;
	} else if (!strcmp(local, "si") && s->in_si) {
		s->in_si = 0;
		size_t n = s->too_long ? 0 : decode_escapes(s->val.data, s->val.len);
		size_t off = x->sst_text.len;
		if (s->too_long || n > x->t->lim.max_cell_bytes) {
			off |= TOO_LONG;
			n = 0;
		}
		if (grow((void **)&x->sst_off, &x->sst_cap, x->nsst, sizeof(*x->sst_off))) {
			table_oom(x->t);
			return sax_stop(&s->base);
		}
		x->sst_off[x->nsst++] = off;
		buf_add(&x->sst_text, s->val.data, n);
		buf_addch(&x->sst_text, '\0');
		if (buf_failed(&x->sst_text) || buf_failed(&s->val)) {
			table_oom(x->t);
			return sax_stop(&s->base);
		}
		/* The table is memory we hold for the whole read: it counts
		 * against the same budget as inflated bytes. */
		if (x->sst_text.len + x->nsst * sizeof(size_t) >
		    x->t->lim.max_uncompressed_bytes - x->inflated) {
			over_budget(x);
			return sax_stop(&s->base);
		}
	}
}

static int read_strings(struct xlsx *x)
{
	struct strings_sax s = {0};
	int rc;

	if (!x->strings)
		return 0;
	buf_init(&s.val);
	rc = parse_part(x, x->strings, 0, &s.base, strings_start, strings_end, strings_text);
	buf_release(&s.val);
	return rc;
}

/* ---- values ---- */

/* Days since 1970-01-01 -> civil date (H. Hinnant's algorithm). */
static void civil_from_days(long long z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long yy = (long long)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (*m <= 2));
}

/*
 * Writes serial date v by kind: "YYYY-MM-DD" (a date format: any time of day
 * is dropped, as Excel shows it), "YYYY-MM-DD HH:MM:SS" (date and time),
 * "HH:MM:SS" (a time format: the time of day, as Excel shows it), or
 * "H:MM:SS" with all the hours for elapsed time ([h]:mm:ss). Returns 0, or -1
 * when v is no date Excel would show (negative or after 9999-12-31), which
 * the caller then prints as a number. Times are rounded to the second. The
 * 1900 system keeps Lotus' fictitious 1900-02-29 (serial 60); serial 0 is
 * 1899-12-31, which Excel shows as "1900-01-00".
 */
static int format_date(double v, enum cell_kind kind, int date1904, char *out, size_t outlen)
{
	if (!(v >= 0 && v < 2958466))
		return -1;
	long long days = (long long)floor(v);
	long long secs = llround((v - (double)days) * 86400.0);
	if (secs >= 86400) {
		days++;
		secs -= 86400;
	}
	unsigned hh = (unsigned)(secs / 3600), mi = (unsigned)(secs / 60 % 60),
	         ss = (unsigned)(secs % 60);
	if (kind == KIND_TIME) {
		snprintf(out, outlen, "%02u:%02u:%02u", hh, mi, ss);
		return 0;
	}
	if (kind == KIND_ELAPSED) {
		snprintf(out, outlen, "%lld:%02u:%02u", days * 24 + hh, mi, ss);
		return 0;
	}

	int y;
	unsigned m, d;
	if (date1904) {
		civil_from_days(days - 24107, &y, &m, &d);
	} else if (days == 60) {
		y = 1900, m = 2, d = 29;
	} else {
		civil_from_days(days - (days < 60 ? 25568 : 25569), &y, &m, &d);
	}
	if (kind == KIND_DATE)
		snprintf(out, outlen, "%04d-%02u-%02u", y, m, d);
	else
		snprintf(out, outlen, "%04d-%02u-%02u %02u:%02u:%02u", y, m, d, hh, mi, ss);
	return 0;
}

/*
 * Writes v as Excel's formula bar shows it: integers below 2^53 in full,
 * anything else with up to 15 significant digits (Excel's precision), in
 * plain notation for 1e-7 <= |v| < 1e21 and as "1.5E-10" outside.
 */
static void format_number(double v, char *out, size_t outlen)
{
	if (v == 0) {
		snprintf(out, outlen, "0");
		return;
	}
	if (fabs(v) < 9007199254740992.0 && v == floor(v)) {
		snprintf(out, outlen, "%lld", (long long)v);
		return;
	}

	char sci[32], digits[16];
	snprintf(sci, sizeof(sci), "%.14e", fabs(v)); /* "d.dddddddddddddde+XX" */
	size_t nd = 0;
	for (const char *p = sci; *p && *p != 'e'; p++)
		if (*p != '.')
			digits[nd++] = *p;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = '\0';
	int exp = atoi(strchr(sci, 'e') + 1);
	char text[48];
	size_t k = 0;
	if (v < 0)
		text[k++] = '-';
	if (exp >= 21 || exp < -7) {
		text[k++] = digits[0];
		if (nd > 1) {
			text[k++] = '.';
			memcpy(text + k, digits + 1, nd - 1);
			k += nd - 1;
		}
		snprintf(text + k, sizeof(text) - k, "E%c%02d", exp < 0 ? '-' : '+', abs(exp));
	} else if (exp < 0) {
		text[k++] = '0';
		text[k++] = '.';
		for (int i = 0; i < -exp - 1; i++)
			text[k++] = '0';
		memcpy(text + k, digits, nd);
		text[k + nd] = '\0';
	} else {
		for (size_t i = 0; i <= (size_t)exp || i < nd; i++) {
			if (i == (size_t)exp + 1)
				text[k++] = '.';
			text[k++] = i < nd ? digits[i] : '0';
		}
		text[k] = '\0';
	}
	snprintf(out, outlen, "%s", text);
}

/* An ISO 8601 date from a t="d" cell: "2024-06-30", "2024-06-30T08:00:00". */
static void format_iso_date(const char *s, char *out, size_t outlen)
{
	size_t n = strlen(s);
	if (n >= 19 && s[10] == 'T' && strncmp(s + 11, "00:00:00", 8))
		snprintf(out, outlen, "%.10s %.8s", s, s + 11);
	else
		snprintf(out, outlen, "%.*s", n >= 10 ? 10 : (int)n, s);
}

/* ---- the worksheet ---- */

enum cell_type { T_NUMBER, T_SHARED, T_INLINE, T_STRING, T_BOOL, T_ERROR, T_DATE };

struct sheet_sax {
	struct sax base;
	int in_data, in_row, in_cell, in_v, in_is, in_t, rph;
	size_t row, prev_row;
	size_t col, next_col;
	enum cell_type type;
	size_t style;
	struct buf val;
};

/* Column letters at the start of a cell reference ("AB12") -> 0-based index;
 * returns -1 when there are none or too many. */
static long column_index(const char *ref)
{
	long col = 0;
	size_t i = 0;

	for (; (ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'); i++) {
		col = col * 26 + ((ref[i] | 0x20) - 'a' + 1);
		if (col > MAX_XLSX_COL)
			return -1;
	}
	return i ? col - 1 : -1;
}

static enum cell_type cell_type(const char *t)
{
	if (!t || !strcmp(t, "n"))
		return T_NUMBER;
	if (!strcmp(t, "s"))
		return T_SHARED;
	if (!strcmp(t, "inlineStr"))
		return T_INLINE;
	if (!strcmp(t, "str"))
		return T_STRING;
	if (!strcmp(t, "b"))
		return T_BOOL;
	if (!strcmp(t, "e"))
		return T_ERROR;
	if (!strcmp(t, "d"))
		return T_DATE;
	return T_STRING;
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sheet_sax *s = ud;
	struct xlsx *x = s->base.x;
	const char *local = local_name(name);

	if (s->base.stopped)
		return;
	if (!s->in_data) {
		if (!strcmp(local, "sheetData"))
			s->in_data = 1;
		return;
	}
	if (!s->in_row) {
		if (strcmp(local, "row"))
			return;
		const char *r = attr(atts, "r");
		char *end = NULL;
		unsigned long n = r ? strtoul(r, &end, 10) : s->prev_row + 1;
		if (r && (*end || end == r))
			return sax_fail(&s->base, "行号无效");
		if (n <= s->prev_row || n > MAX_XLSX_ROW)
			return sax_fail(&s->base, "行号无效或顺序错误");
		s->row = n;
		s->in_row = 1;
		s->next_col = 0;
		table_row_begin(x->t, s->row);
		return;
	}
	if (!s->in_cell) {
		if (strcmp(local, "c"))
			return;
		const char *r = attr(atts, "r"), *st = attr(atts, "s");
		long col = r ? column_index(r) : (long)s->next_col;
		if (col < 0 || col >= MAX_XLSX_COL)
			return sax_fail(&s->base, "单元格引用无效");
		s->col = (size_t)col;
		s->next_col = s->col + 1;
		s->type = cell_type(attr(atts, "t"));
		s->style = st ? strtoul(st, NULL, 10) : 0;
		s->in_cell = 1;
		s->in_v = s->in_is = s->in_t = s->rph = 0;
		buf_reset(&s->val);
		return;
	}
	if (!strcmp(local, "v"))
		s->in_v = 1;
	else if (!strcmp(local, "is"))
		s->in_is = 1;
	else if (s->in_is && !strcmp(local, "rPh"))
		s->rph++;
	else if (s->in_is && !s->rph && !strcmp(local, "t"))
		s->in_t = 1;
}

static void XMLCALL sheet_text(void *ud, const XML_Char *text, int len)
{
	struct sheet_sax *s = ud;
	struct xlsx *x = s->base.x;

	if (s->base.stopped || !(s->in_v || s->in_t))
		return;
	if (s->val.len + (size_t)len > raw_text_cap(x)) {
		table_cell_too_long(x->t, s->col);
		return sax_stop(&s->base);
	}
	buf_add(&s->val, text, (size_t)len);
}

/* Turns the collected <v> or <is> text of the cell into its value. */
static int finish_cell(struct sheet_sax *s)
{
	struct xlsx *x = s->base.x;
	struct table_ctx *t = x->t;
	char *v = s->val.data, out[64];
	size_t n = s->val.len;

	if (buf_failed(&s->val))
		return table_oom(t);
	switch (s->type) {
	case T_SHARED: {
		char *end;
		unsigned long i = strtoul(v, &end, 10);
		if (!n)
			return 0;
		if (*end || i >= x->nsst)
			return invalid(x, "共享字符串编号无效");
		if (x->sst_off[i] & TOO_LONG)
			return table_cell_too_long(t, s->col);
		const char *str = x->sst_text.data + x->sst_off[i];
		return table_cell_set(t, s->col, str, strlen(str));
	}
	case T_INLINE:
	case T_STRING:
		n = decode_escapes(v, n);
		return table_cell_set(t, s->col, v, n);
	case T_ERROR:
		return table_cell_set(t, s->col, v, n);
	case T_BOOL:
		if (!n)
			return 0;
		return table_cell_set(t, s->col, strcmp(v, "0") ? "TRUE" : "FALSE",
		                      strcmp(v, "0") ? 4 : 5);
	case T_DATE:
		format_iso_date(v, out, sizeof(out));
		return table_cell_set(t, s->col, out, strlen(out));
	case T_NUMBER:
		break;
	}

	if (!n)
		return 0;
	char *end;
	double d = strtod(v, &end);
	if (end == v || *end || !isfinite(d))
		return table_cell_set(t, s->col, v, n); /* not a number: as written */
	enum cell_kind kind = s->style < x->nxf ? x->xf_kind[s->style] : KIND_NUMBER;
	if (kind == KIND_NUMBER || format_date(d, kind, x->date1904, out, sizeof(out)))
		format_number(d, out, sizeof(out));
	return table_cell_set(t, s->col, out, strlen(out));
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
	struct sheet_sax *s = ud;
	struct xlsx *x = s->base.x;
	const char *local = local_name(name);

	if (s->base.stopped || !s->in_data)
		return;
	if (s->in_cell) {
		if (!strcmp(local, "v"))
			s->in_v = 0;
		else if (!strcmp(local, "t"))
			s->in_t = 0;
		else if (!strcmp(local, "rPh") && s->rph)
			s->rph--;
		else if (!strcmp(local, "is"))
			s->in_is = 0;
		else if (!strcmp(local, "c")) {
			s->in_cell = 0;
			if (finish_cell(s))
				sax_stop(&s->base);
		}
	} else if (s->in_row) {
		if (!strcmp(local, "row")) {
			s->in_row = 0;
			s->prev_row = s->row;
			if (table_row_end(x->t))
				sax_stop(&s->base);
		}
	} else if (!strcmp(local, "sheetData")) {
		/* The rest (merged cells, page setup) is of no use to us. */
		s->base.done = 1;
		sax_stop(&s->base);
	}
}

static int read_sheet(struct xlsx *x)
{
	struct sheet_sax s = {0};
	int rc;

	buf_init(&s.val);
	rc = parse_part(x, x->sheet, 1, &s.base, sheet_start, sheet_end, sheet_text);
	buf_release(&s.val);
	return rc;
}

/* ---- putting it together ---- */

/* Finds the workbook, its sheet, styles and shared strings parts. */
static int find_parts(struct xlsx *x)
{
	char *dir = NULL, *rels = NULL;
	int rc;

	if ((rc = parse_rels(x, "_rels/.rels", "", 0)))
		return rc;
	const struct rel *doc = find_rel_type(x, "officeDocument");
	x->workbook = strdup(doc ? doc->target : "xl/workbook.xml");
	if (!x->workbook || part_dir_and_rels(x->workbook, &dir, &rels)) {
		rc = table_oom(x->t);
		goto out;
	}
	if (zip_name_locate(x->zip, x->workbook, ZIP_FL_NOCASE) < 0) {
		rc = table_fail(x->t, "文件不是有效的 xlsx：找不到工作簿 (%s)", x->workbook);
		goto out;
	}
	if ((rc = parse_rels(x, rels, dir, 1)))
		goto out;

	struct workbook_sax wb = {0};
	if ((rc = parse_part(x, x->workbook, 1, &wb.base, workbook_start, NULL, NULL)))
		goto out;
	const struct rel *sheet = wb.visible ? wb.visible : wb.any;
	if (!sheet) {
		rc = table_fail(x->t, "xlsx 文件中没有工作表");
		goto out;
	}
	const struct rel *styles = find_rel_type(x, "styles");
	const struct rel *strings = find_rel_type(x, "sharedStrings");
	x->sheet = strdup(sheet->target);
	x->styles = styles ? strdup(styles->target) : NULL;
	x->strings = strings ? strdup(strings->target) : NULL;
	if (!x->sheet || (styles && !x->styles) || (strings && !x->strings))
		rc = table_oom(x->t);
out:
	free(dir);
	free(rels);
	return rc;
}

int table_read_xlsx(struct table_ctx *t, const unsigned char *data, size_t len)
{
	struct xlsx x = {.t = t};
	zip_error_t ze;
	int rc;

	buf_init(&x.sst_text);
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src) {
		rc = table_oom(t);
		goto out;
	}
	x.zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!x.zip) {
		zip_source_free(src);
		rc = invalid(&x, "不是完整的 zip 文件（可能已损坏或没有传完）");
		goto out;
	}
	zip_int64_t entries = zip_get_num_entries(x.zip, 0);
	if (entries < 0 || entries > MAX_ZIP_ENTRIES) {
		rc = invalid(&x, "zip 中的文件数过多");
		goto out;
	}
	if ((rc = find_parts(&x)) || (rc = read_styles(&x)) || (rc = read_strings(&x)))
		goto out;
	rc = read_sheet(&x);
out:
	if (x.zip)
		zip_discard(x.zip);
	zip_error_fini(&ze);
	free_rels(&x);
	free(x.workbook);
	free(x.sheet);
	free(x.styles);
	free(x.strings);
	free(x.xf_kind);
	free(x.sst_off);
	buf_release(&x.sst_text);
	return rc;
}
