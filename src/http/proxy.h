/*
 * proxy: which address a request really comes from when it passes through
 * reverse proxies (nginx's real_ip_recursive).
 *
 * Each proxy appends the address it received the request from to
 * X-Forwarded-For, so the header reads "client, proxy1, proxy2" and only
 * the entries that OUR proxies appended can be believed: everything to the
 * left of them was written by whoever sent the request.  Hence:
 *
 *   1. The header is read only when the peer (the TCP connection's address)
 *      is a trusted proxy; any other peer is the client, whatever it sends.
 *   2. The entries are walked from the right; each trusted address is a hop
 *      of ours and is skipped; the first untrusted address is the client.
 *      Entries further left are never looked at (the client chooses them).
 *   3. When every entry is trusted, the leftmost one is the client (a
 *      request from a machine of ours).  An entry that is not an address
 *      stops the walk: the last address believed is the client.
 *   4. Addresses come back in canonical form (inet_ntop), IPv4-mapped IPv6
 *      as IPv4, so that one client has one spelling in limits and logs.
 */
#ifndef SKYWAY_HTTP_PROXY_H
#define SKYWAY_HTTP_PROXY_H

#include <stddef.h>

#define PROXY_MAX_NETS 32
#define PROXY_DEFAULT  "127.0.0.0/8,::1"

/* One network: an IPv4 or IPv6 prefix. */
struct proxy_net {
	int family; /* AF_INET or AF_INET6 */
	unsigned char addr[16];
	int bits;
};

/* The trusted proxies: up to PROXY_MAX_NETS networks. */
struct proxy_list {
	struct proxy_net nets[PROXY_MAX_NETS];
	int count;
};

/* Parses a comma-separated list of CIDRs or bare addresses ("10.0.0.0/8,
 * ::1, 2001:db8::/32") into *out.  Returns 0, or -1 with the reason in
 * err (the offending entry named). */
int proxy_list_parse(struct proxy_list *out, const char *spec, char *err, size_t errlen);
/* Returns 1 when address (text, IPv4 or IPv6) is in one of the networks. */
int proxy_trusted(const struct proxy_list *l, const char *address);
/* Writes the client's address to out[n] (n >= 46) following the rules
 * above: peer is the connection's address, forwarded the X-Forwarded-For
 * value (several headers joined by commas) or NULL. */
void proxy_client_address(const struct proxy_list *trusted, const char *peer, const char *forwarded,
                          char *out, size_t n);

#endif
