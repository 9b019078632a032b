#include "http/proxy.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* Parses one address as IPv4 or IPv6 into family/bytes.  "[v6]", "[v6]:port"
 * and "v4:port" are accepted (some proxies write the port); an IPv4-mapped
 * IPv6 address becomes IPv4.  Returns 0 or -1. */
static int parse_address(const char *s, size_t len, int *family, unsigned char out[16])
{
	char buf[64];
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (!len || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	char *a = buf;
	if (*a == '[') {
		char *close = strchr(a, ']');
		if (!close || (close[1] && close[1] != ':'))
			return -1;
		*close = '\0';
		a++;
	} else if (strchr(a, '.') && strchr(a, ':') == strrchr(a, ':')) {
		a[strcspn(a, ":")] = '\0'; /* v4:port */
	}
	if (inet_pton(AF_INET, a, out) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, a, out) != 1)
		return -1;
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	if (!memcmp(out, mapped, 12)) {
		memmove(out, out + 12, 4);
		*family = AF_INET;
	} else {
		*family = AF_INET6;
	}
	return 0;
}

int proxy_list_parse(struct proxy_list *out, const char *spec, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	const char *p = spec ? spec : "";
	while (*p) {
		size_t len = strcspn(p, ",");
		const char *slash = memchr(p, '/', len);
		size_t alen = slash ? (size_t)(slash - p) : len;
		struct proxy_net net = {0};
		int bad = parse_address(p, alen, &net.family, net.addr) != 0;
		int max = net.family == AF_INET ? 32 : 128;
		net.bits = max;
		if (!bad && slash) {
			char bits[8];
			size_t blen = len - alen - 1;
			char *end;
			if (!blen || blen >= sizeof(bits)) {
				bad = 1;
			} else {
				memcpy(bits, slash + 1, blen);
				bits[blen] = '\0';
				long b = strtol(bits, &end, 10);
				while (*end == ' ')
					end++;
				bad = *end || bits[0] < '0' || bits[0] > '9' || b > max;
				net.bits = (int)b;
			}
		}
		int blank = strspn(p, " \t") == len;
		if (bad && !blank) {
			snprintf(err, errlen, "not an address or CIDR: '%.*s'", (int)len, p);
			return -1;
		}
		if (!blank) {
			if (out->count == PROXY_MAX_NETS) {
				snprintf(err, errlen, "more than %d networks", PROXY_MAX_NETS);
				return -1;
			}
			out->nets[out->count++] = net;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

static int net_contains(const struct proxy_net *net, int family, const unsigned char *a)
{
	if (net->family != family)
		return 0;
	int full = net->bits / 8, rest = net->bits % 8;
	if (memcmp(net->addr, a, (size_t)full))
		return 0;
	if (!rest)
		return 1;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (net->addr[full] & mask) == (a[full] & mask);
}

static int trusted_bytes(const struct proxy_list *l, int family, const unsigned char *a)
{
	for (int i = 0; i < l->count; i++)
		if (net_contains(&l->nets[i], family, a))
			return 1;
	return 0;
}

int proxy_trusted(const struct proxy_list *l, const char *address)
{
	int family;
	unsigned char a[16];
	if (!address || parse_address(address, strlen(address), &family, a))
		return 0;
	return trusted_bytes(l, family, a);
}

static void canonical(int family, const unsigned char *a, char *out, size_t n)
{
	if (!inet_ntop(family, a, out, (socklen_t)n))
		snprintf(out, n, "unknown");
}

void proxy_client_address(const struct proxy_list *trusted, const char *peer, const char *forwarded,
                          char *out, size_t n)
{
	int family;
	unsigned char a[16];
	if (!peer || parse_address(peer, strlen(peer), &family, a)) {
		snprintf(out, n, "%s", peer && *peer ? peer : "unknown");
		return;
	}
	/* Rule 2: from the right, while the address we hold is one of ours. */
	size_t end = forwarded ? strlen(forwarded) : 0;
	while (end > 0 && trusted_bytes(trusted, family, a)) {
		size_t start = end;
		while (start > 0 && forwarded[start - 1] != ',')
			start--;
		int f;
		unsigned char b[16];
		if (parse_address(forwarded + start, end - start, &f, b)) {
			/* An empty entry (",,") is skipped; anything else ends the walk. */
			if (strspn(forwarded + start, " \t") < end - start)
				break;
		} else {
			family = f;
			memcpy(a, b, sizeof(a));
		}
		end = start ? start - 1 : 0;
	}
	canonical(family, a, out, n);
}
