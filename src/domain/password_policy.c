/* The password policy: the rules listed at the top of password.h. */
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "base/utf8.h"
#include "domain/derr.h"
#include "domain/password.h"

#define MAX_CP (PASSWORD_MAX_CHARS + 1)

/* ---- the common password list (data/common_passwords.txt, embedded) ---- */

extern const char password_list_text[];
extern const size_t password_list_text_size;

static const char **list_words;
static size_t list_count;
static pthread_once_t list_once = PTHREAD_ONCE_INIT;

static int compare_words(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Indexes the embedded text once: a sorted array of pointers to its lines
 * (copied, NUL-terminated), comments left out.  Lives until exit. */
static void list_load(void)
{
	char *text = malloc(password_list_text_size + 1);
	size_t lines = 1;
	if (!text)
		return;
	memcpy(text, password_list_text, password_list_text_size);
	text[password_list_text_size] = '\0';
	for (size_t i = 0; i < password_list_text_size; i++)
		lines += text[i] == '\n';
	list_words = malloc(lines * sizeof(*list_words));
	if (!list_words) {
		free(text);
		return;
	}
	for (char *save = NULL, *w = strtok_r(text, "\n", &save); w;
	     w = strtok_r(NULL, "\n", &save))
		if (*w != '#')
			list_words[list_count++] = w;
	/* The file is sorted already; sorting again costs little and makes a
	 * hand edit out of order harmless. */
	qsort(list_words, list_count, sizeof(*list_words), compare_words);
}

static int in_list(const char *lower)
{
	pthread_once(&list_once, list_load);
	return list_count &&
	       bsearch(&lower, list_words, list_count, sizeof(*list_words), compare_words) != NULL;
}

static void ascii_lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

int password_is_common(const char *s)
{
	char lower[4 * MAX_CP + 1];
	if (strlen(s) >= sizeof(lower))
		return 0;
	strcpy(lower, s);
	ascii_lower(lower);
	return in_list(lower);
}

/* Digits, ASCII punctuation and spaces: what people add around a word. */
static int decoration(unsigned char c)
{
	return c < 0x80 && (isdigit(c) || ispunct(c) || c == ' ');
}

/* Rule 5: the whole password, or a stem of 4+ characters left when some
 * of the decoration before and after it is taken away (password12 ->
 * password, qq123456789! -> qq123456789). */
static int common(const char *pw)
{
	char lower[4 * MAX_CP + 1];
	snprintf(lower, sizeof(lower), "%s", pw);
	ascii_lower(lower);
	size_t n = strlen(lower), head = 0, tail = n;
	while (head < n && decoration((unsigned char)lower[head]))
		head++;
	while (tail > head && decoration((unsigned char)lower[tail - 1]))
		tail--;
	if (head == n) /* all decoration: any stem */
		tail = 0;
	for (size_t i = 0; i <= head; i++)
		for (size_t j = n; j >= tail && j >= i + 4; j--) {
			char saved = lower[j];
			lower[j] = '\0';
			int hit = in_list(lower + i);
			lower[j] = saved;
			if (hit)
				return 1;
		}
	return 0;
}

/* ---- repeats and sequences, over code points ---- */

/* Decodes UTF-8 into code points (an invalid byte counts as one); ASCII
 * letters lowercased.  Returns the count, at most max. */
static size_t code_points(const char *s, uint32_t *out, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	while (*p && n < max) {
		uint32_t c = *p;
		int extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
		int ok = 1;
		for (int i = 1; i <= extra; i++)
			ok = ok && (p[i] & 0xc0) == 0x80;
		if (!ok)
			extra = 0;
		if (extra) {
			c &= 0x3f >> extra;
			for (int i = 1; i <= extra; i++)
				c = (c << 6) | (p[i] & 0x3f);
		}
		p += 1 + extra;
		out[n++] = c < 0x80 ? (uint32_t)tolower((int)c) : c;
	}
	return n;
}

/* Rule 3: one unit of at most half the length, repeated (the last copy
 * may be cut short: abcabcabca). */
static int repeated(const uint32_t *c, size_t n)
{
	for (size_t period = 1; period <= n / 2; period++) {
		size_t i = period;
		while (i < n && c[i] == c[i - period])
			i++;
		if (i == n)
			return 1;
	}
	return 0;
}

/* The lines a run may follow, either way: the alphabet, the digits (0 both
 * before 1 and after 9, as on the keyboard), keyboard rows and columns. */
static const char *const lines[] = {
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890",
    "`1234567890-=",
    "qwertyuiop[]\\",
    "asdfghjkl;'",
    "zxcvbnm,./",
    "1qaz",
    "2wsx",
    "3edc",
    "4rfv",
    "5tgb",
    "6yhn",
    "7ujm",
    "8ik,",
    "9ol.",
    "0p;/",
};

/* Returns 1 when b follows a by one step in direction dir along line. */
static int steps(const char *line, uint32_t a, uint32_t b, int dir)
{
	if (a >= 0x80 || b >= 0x80 || !a || !b)
		return 0;
	for (const char *p = line; *p; p++) {
		if ((unsigned char)*p != a)
			continue;
		if (dir > 0 && p[1] && (unsigned char)p[1] == b)
			return 1;
		if (dir < 0 && p > line && (unsigned char)p[-1] == b)
			return 1;
	}
	return 0;
}

/* The longest run starting at c[0]: equal characters, or one step at a
 * time along one line in one direction. */
static size_t longest_run(const uint32_t *c, size_t n)
{
	size_t best = 1, k = 1;
	while (k < n && c[k] == c[0])
		k++;
	best = k;
	for (size_t l = 0; l < sizeof(lines) / sizeof(lines[0]); l++)
		for (int dir = -1; dir <= 1; dir += 2) {
			k = 1;
			while (k < n && steps(lines[l], c[k - 1], c[k], dir))
				k++;
			if (k > best)
				best = k;
		}
	return best;
}

/* Rule 4: the password splits into runs of 3 or more (any prefix of a run
 * is a run, so reach[i] needs only the longest run from each start). */
static int sequence_only(const uint32_t *c, size_t n)
{
	unsigned char reach[MAX_CP + 1] = {1};
	for (size_t j = 0; j < n; j++) {
		if (!reach[j])
			continue;
		size_t run = longest_run(c + j, n - j);
		for (size_t len = 3; len <= run; len++)
			reach[j + len] = 1;
	}
	return reach[n];
}

/* ---- personal facts: login, name, student number ---- */

/* Lowercases ASCII letters and drops ASCII punctuation and spaces; other
 * bytes (Chinese) stay.  out has room for strlen(s) + 1. */
static void fold(const char *s, char *out)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x80 || isalnum(c))
			*out++ = (char)tolower(c);
	}
	*out = '\0';
}

/* Returns 1 when the folded password contains s folded, if s folds to at
 * least min bytes. */
static int contains_folded(const char *folded_pw, const char *s, size_t min)
{
	char f[4 * MAX_CP + 1];
	if (!s || strlen(s) >= sizeof(f))
		return 0;
	fold(s, f);
	return strlen(f) >= min && strstr(folded_pw, f) != NULL;
}

/* Surnames ICU's Han-Latin reads the common way, not the surname's way. */
static const struct {
	const char *han, *pinyin;
} surname_readings[] = {
    {"曾", "zeng"}, {"单", "shan"}, {"仇", "qiu"}, {"解", "xie"}, {"查", "zha"},
    {"朴", "piao"}, {"区", "ou"},   {"覃", "qin"}, {"盖", "ge"},  {"乐", "yue"},
    {"翟", "zhai"}, {"缪", "miao"}, {"尉", "yu"},  {"秘", "bi"},  {"种", "chong"},
    {"召", "shao"}, {"员", "yun"},  {"繁", "po"},  {"隗", "wei"}, {"折", "she"},
};

/* Two-character surnames: the given name starts at the third character. */
static const char *const compound_surnames[] = {
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
    "宇文", "司徒", "夏侯", "令狐", "端木", "独孤", "南宫", "西门", "轩辕", "呼延",
};

static UTransliterator *translit;
static pthread_mutex_t translit_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t translit_once = PTHREAD_ONCE_INIT;

static void translit_open(void)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar id[32];
	u_uastrcpy(id, "Han-Latin; Latin-ASCII");
	translit = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
	if (U_FAILURE(st))
		translit = NULL; /* no ICU data: names are still compared as written */
}

/* The pinyin of name, syllables separated by single spaces ("zhang xiao
 * ming"), into out[n].  Returns 0, or -1 when it cannot be had. */
static int pinyin(const char *name, char *out, int32_t n)
{
	UChar buf[256];
	int32_t len = 0, limit;
	UErrorCode st = U_ZERO_ERROR;
	pthread_once(&translit_once, translit_open);
	if (!translit)
		return -1;
	u_strFromUTF8(buf, 128, &len, name, -1, &st);
	if (U_FAILURE(st))
		return -1;
	limit = len;
	/* One transliterator shared by all threads: ICU does not promise that
	 * concurrent use is safe, and passwords are set rarely. */
	pthread_mutex_lock(&translit_lock);
	utrans_transUChars(translit, buf, &len, 256, 0, &limit, &st);
	pthread_mutex_unlock(&translit_lock);
	if (U_FAILURE(st))
		return -1;
	u_strToUTF8(out, n, NULL, buf, len, &st);
	return U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING ? -1 : 0;
}

/* Rule 2 for the name: its characters, its full pinyin (also with the
 * surname's own reading), or the given name's pinyin of 4+ letters. */
static int has_name(const char *folded_pw, const char *name)
{
	char f[4 * MAX_CP + 1], py[512];
	if (!name || strlen(name) >= sizeof(f))
		return 0;
	fold(name, f);
	int han = 0;
	for (const char *p = f; *p; p++)
		han |= (unsigned char)*p >= 0x80;
	if ((han ? utf8_length(f) >= 2 : strlen(f) >= 4) && strstr(folded_pw, f))
		return 1;
	if (pinyin(name, py, sizeof(py)))
		return 0;
	if (contains_folded(folded_pw, py, 4))
		return 1;
	/* The given name: after the first syllable, or the second for a
	 * compound surname. */
	size_t surname_syllables = 1;
	for (size_t i = 0; i < sizeof(compound_surnames) / sizeof(compound_surnames[0]); i++)
		if (!strncmp(name, compound_surnames[i], strlen(compound_surnames[i])))
			surname_syllables = 2;
	const char *given = py;
	for (size_t i = 0; i < surname_syllables && given; i++) {
		given = strchr(given, ' ');
		given = given ? given + 1 : NULL;
	}
	if (given && contains_folded(folded_pw, given, 4))
		return 1;
	for (size_t i = 0; i < sizeof(surname_readings) / sizeof(surname_readings[0]); i++) {
		size_t hl = strlen(surname_readings[i].han);
		if (strncmp(name, surname_readings[i].han, hl) || !given)
			continue;
		char full[600];
		snprintf(full, sizeof(full), "%s%s", surname_readings[i].pinyin, given);
		if (contains_folded(folded_pw, full, 4))
			return 1;
	}
	return 0;
}

/* ---- the policy ---- */

enum password_rule password_check(const char *pw, const struct password_owner *owner)
{
	if (!pw || !*pw)
		return PASSWORD_EMPTY;
	size_t chars = utf8_length(pw);
	if (chars < PASSWORD_MIN_CHARS)
		return PASSWORD_TOO_SHORT;
	if (chars > PASSWORD_MAX_CHARS || strlen(pw) > 4 * PASSWORD_MAX_CHARS)
		return PASSWORD_TOO_LONG;
	if (owner) {
		char folded[4 * MAX_CP + 1];
		fold(pw, folded);
		if (contains_folded(folded, owner->login, 3))
			return PASSWORD_HAS_LOGIN;
		if (has_name(folded, owner->name))
			return PASSWORD_HAS_NAME;
		if (contains_folded(folded, owner->student_no, 4))
			return PASSWORD_HAS_STUDENT_NO;
	}
	uint32_t cp[MAX_CP];
	size_t n = code_points(pw, cp, MAX_CP);
	if (repeated(cp, n))
		return PASSWORD_REPEATED;
	if (sequence_only(cp, n))
		return PASSWORD_SEQUENCE;
	if (common(pw))
		return PASSWORD_COMMON;
	return PASSWORD_OK;
}

const char *password_rule_message(enum password_rule rule)
{
	switch (rule) {
	case PASSWORD_OK:
		return "密码符合要求";
	case PASSWORD_EMPTY:
		return "请填写密码";
	case PASSWORD_TOO_SHORT:
		return "密码至少 10 个字符";
	case PASSWORD_TOO_LONG:
		return "密码最多 128 个字符";
	case PASSWORD_HAS_LOGIN:
		return "密码不能包含账号";
	case PASSWORD_HAS_NAME:
		return "密码不能包含姓名或姓名拼音";
	case PASSWORD_HAS_STUDENT_NO:
		return "密码不能包含学号";
	case PASSWORD_REPEATED:
		return "密码不能是同一个字符或片段的重复（如 aaaaaaaaaa、abcabcabc）";
	case PASSWORD_SEQUENCE:
		return "密码不能全由连续或重复的字符组成（如 1234567890、abcdefghij、qwertyuiop）";
	case PASSWORD_COMMON:
		return "密码过于常见（在常见密码表中，或只是常见密码加数字或符号），容易被猜中";
	}
	return "密码不符合要求";
}

const char *password_policy_error(const char *pw, const struct password_owner *owner)
{
	enum password_rule r = password_check(pw, owner);
	return r == PASSWORD_OK ? NULL : password_rule_message(r);
}

int password_policy(const char *pw, const struct password_owner *owner, const char *field,
                    struct derr *e)
{
	enum password_rule r = password_check(pw, owner);
	if (r == PASSWORD_OK)
		return 0;
	if (r == PASSWORD_EMPTY)
		return derr_code(e, DERR_INVALID, "missing", field, password_rule_message(r));
	if (r == PASSWORD_TOO_SHORT || r == PASSWORD_TOO_LONG)
		return derr_set(e, DERR_INVALID, field, password_rule_message(r));
	return derr_code(e, DERR_INVALID, "weak_password", field, password_rule_message(r));
}
