#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "http/proxy.h"

static struct proxy_list list(const char *spec)
{
	struct proxy_list l;
	char err[128] = "";
	assert_int_equal(proxy_list_parse(&l, spec, err, sizeof(err)), 0);
	return l;
}

static void cidr_parsing(void **state)
{
	struct proxy_list l;
	char err[128];
	l = list(PROXY_DEFAULT);
	assert_int_equal(l.count, 2);
	l = list(" 10.0.0.0/8 , 192.168.1.7,2001:db8::/32,[::1], 0.0.0.0/0 ");
	assert_int_equal(l.count, 5);
	assert_int_equal(l.nets[1].bits, 32);  /* a bare address is a /32 */
	assert_int_equal(l.nets[3].bits, 128); /* ... or a /128 */
	l = list("");
	assert_int_equal(l.count, 0); /* nothing trusted: the header is never read */

	const char *bad[] = {"10.0.0.0/33",   "::/129",      "10.0.0/8",
	                     "10.0.0.0/",     "10.0.0.0/-1", "10.0.0.0/8x",
	                     "proxy.example", "1.2.3.4/+8",  "fe80::1%eth0"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(proxy_list_parse(&l, bad[i], err, sizeof(err)), -1);
		assert_non_null(strstr(err, bad[i])); /* the message names the entry */
	}
	char many[1024] = "";
	for (int i = 0; i <= PROXY_MAX_NETS; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many), "10.0.0.%d,", i);
	assert_int_equal(proxy_list_parse(&l, many, err, sizeof(err)), -1);
}

static void cidr_matching(void **state)
{
	struct proxy_list l = list("10.0.0.0/8,172.16.0.0/12,192.168.1.128/25,2001:db8::/32,::1");
	assert_true(proxy_trusted(&l, "10.255.255.255"));
	assert_false(proxy_trusted(&l, "11.0.0.0"));
	assert_true(proxy_trusted(&l, "172.31.0.1"));
	assert_false(proxy_trusted(&l, "172.32.0.1"));
	assert_true(proxy_trusted(&l, "192.168.1.128"));
	assert_true(proxy_trusted(&l, "192.168.1.255"));
	assert_false(proxy_trusted(&l, "192.168.1.127"));
	assert_true(proxy_trusted(&l, "2001:db8:ffff::1"));
	assert_false(proxy_trusted(&l, "2001:db9::1"));
	assert_true(proxy_trusted(&l, "::1"));
	assert_false(proxy_trusted(&l, "::2"));
	assert_true(proxy_trusted(&l, "::ffff:10.1.2.3")); /* IPv4-mapped is IPv4 */
	assert_false(proxy_trusted(&l, "garbage"));
	assert_false(proxy_trusted(&l, NULL));
	struct proxy_list all = list("0.0.0.0/0");
	assert_true(proxy_trusted(&all, "203.0.113.9"));
	assert_false(proxy_trusted(&all, "2001:db8::1")); /* families do not mix */
}

static const char *choose(const struct proxy_list *l, const char *peer, const char *xff)
{
	static char out[64];
	proxy_client_address(l, peer, xff, out, sizeof(out));
	return out;
}

static void address_choice(void **state)
{
	struct proxy_list lo = list(PROXY_DEFAULT);
	/* An untrusted peer is the client, whatever it claims. */
	assert_string_equal(choose(&lo, "203.0.113.5", "10.9.9.9"), "203.0.113.5");
	/* From a trusted peer the rightmost untrusted entry is the client, and a
	 * forged leftmost entry is ignored. */
	assert_string_equal(choose(&lo, "127.0.0.1", "1.1.1.1, 203.0.113.5"), "203.0.113.5");
	assert_string_equal(choose(&lo, "127.0.0.1", "1.1.1.1,203.0.113.5, 127.0.0.1"),
	                    "203.0.113.5");
	/* No header, or an empty one: the peer. */
	assert_string_equal(choose(&lo, "127.0.0.1", NULL), "127.0.0.1");
	assert_string_equal(choose(&lo, "127.0.0.1", ""), "127.0.0.1");
	/* All trusted: the leftmost. */
	assert_string_equal(choose(&lo, "127.0.0.1", "127.0.0.3, ::1"), "127.0.0.3");
	/* Garbage ends the walk at the last address believed. */
	assert_string_equal(choose(&lo, "127.0.0.1", "203.0.113.5, unknown"), "127.0.0.1");
	assert_string_equal(choose(&lo, "127.0.0.1", "unknown, 203.0.113.5"), "203.0.113.5");
	/* Ports, brackets, mapped addresses and case: one canonical spelling. */
	assert_string_equal(choose(&lo, "127.0.0.1", "203.0.113.5:4711"), "203.0.113.5");
	assert_string_equal(choose(&lo, "127.0.0.1", "[2001:DB8::0:1]:443"), "2001:db8::1");
	assert_string_equal(choose(&lo, "::ffff:127.0.0.1", "::ffff:198.51.100.2"), "198.51.100.2");
	/* A chain of our proxies: 10.0.0.0/8 trusted too. */
	struct proxy_list lan = list("127.0.0.1,10.0.0.0/8");
	assert_string_equal(choose(&lan, "10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.9, 10.0.0.1"),
	                    "198.51.100.7");
	/* Nothing trusted: the header is never read. */
	struct proxy_list none = list("");
	assert_string_equal(choose(&none, "127.0.0.1", "198.51.100.7"), "127.0.0.1");
	/* A peer that is not an address (unix socket) comes back as is. */
	assert_string_equal(choose(&lo, "unknown", "198.51.100.7"), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(cidr_parsing),
	    cmocka_unit_test(cidr_matching),
	    cmocka_unit_test(address_choice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
