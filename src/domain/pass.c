/* Signed passes; see pass.h. */
#include "domain/pass.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "domain/pii.h"

#define MAC_BYTES 16

static int pass_mac(const struct pass_kind *k, const char *msg, char out[32])
{
	unsigned char key[32], full[crypto_auth_hmacsha256_BYTES];
	if (pii_derive_key(k->key_context, 1, key))
		return -1;
	crypto_auth_hmacsha256(full, (const unsigned char *)msg, strlen(msg), key);
	sodium_memzero(key, sizeof(key));
	sodium_bin2base64(out, 32, full, MAC_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

int pass_make(const struct pass_kind *k, int64_t scope, int64_t subject, int64_t expires,
              char out[PASS_MAX])
{
	char msg[64], mac[32];
	snprintf(msg, sizeof(msg), "%s.%" PRId64 ".%" PRId64 ".%" PRId64, k->tag, scope, subject,
	         expires);
	if (pass_mac(k, msg, mac))
		return -1;
	snprintf(out, PASS_MAX, "%s.%s", msg, mac);
	return 0;
}

/* Parses a decimal number without a sign or leading zero (0 itself is
 * allowed) ending at '.' or NUL; advances *p. */
static int parse_num(const char **p, int64_t *out)
{
	const char *s = *p;
	int64_t v = 0;
	if (*s < '0' || *s > '9' || (*s == '0' && s[1] >= '0' && s[1] <= '9'))
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	*p = s;
	return 0;
}

enum pass_result pass_check(const struct pass_kind *k, const char *pass, int64_t scope, int64_t now,
                            int64_t *subject)
{
	int64_t sc, sub, exp;
	size_t tag = strlen(k->tag);
	const char *p = pass;
	if (!pass || strlen(pass) >= PASS_MAX || strncmp(p, k->tag, tag) || p[tag] != '.')
		return PASS_MALFORMED;
	p += tag + 1;
	if (parse_num(&p, &sc) || *p++ != '.' || parse_num(&p, &sub) || *p++ != '.' ||
	    parse_num(&p, &exp) || *p != '.')
		return PASS_MALFORMED;
	char msg[64], mac[32];
	size_t head = (size_t)(p - pass);
	if (head >= sizeof(msg))
		return PASS_MALFORMED;
	memcpy(msg, pass, head);
	msg[head] = '\0';
	if (pass_mac(k, msg, mac))
		return PASS_FORGED;
	const char *sent = p + 1;
	if (strlen(sent) != strlen(mac) || sodium_memcmp(sent, mac, strlen(mac)))
		return PASS_FORGED;
	if (sc != scope)
		return PASS_OTHER_SCOPE;
	if (exp < now)
		return PASS_EXPIRED;
	*subject = sub;
	return PASS_OK;
}

const char *pass_reason(const struct pass_kind *k, enum pass_result r)
{
	switch (r) {
	case PASS_OK:
		return "ok";
	case PASS_MALFORMED:
		return "malformed";
	case PASS_FORGED:
		return "forged";
	case PASS_OTHER_SCOPE:
		return k->other_scope_code;
	case PASS_EXPIRED:
		return "expired";
	}
	return "?";
}

const char *pass_message(const struct pass_kind *k, enum pass_result r)
{
	return (unsigned)r < 5 ? k->messages[r] : "?";
}
