/* The connection rules a client meets before any request is read: how many connections one
 * address may hold and who gets the last ones, which peers are trusted proxies and who the
 * client is behind them, and which redirect targets are local. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "web/connguard.h"
#include "web/html.h"
#include "support.h"

static const connguard_opts O = {.max_connections = 100, .per_address = 10, .reserve = 20};

static void test_per_address_limit(void **state)
{
	(void)state;
	assert_true(connguard_admits(&O, 0, 0));
	assert_true(connguard_admits(&O, 9, 9));
	assert_false(connguard_admits(&O, 10, 10)); /* the eleventh from one address */
	assert_true(connguard_admits(&O, 10, 0));   /* another address is still served */
	connguard_opts off = O;
	off.per_address = 0;
	assert_true(connguard_admits(&off, 50, 50));
}

static void test_reserve_goes_to_newcomers(void **state)
{
	(void)state;
	/* 80 of 100 open: the last 20 go only to addresses that hold none */
	assert_true(connguard_admits(&O, 79, 5));
	assert_false(connguard_admits(&O, 80, 1));
	assert_true(connguard_admits(&O, 80, 0));
	assert_true(connguard_admits(&O, 99, 0));
	assert_false(connguard_admits(&O, 100, 0)); /* full is full */
}

/* The client address connguard_client decides, for a peer and an X-Forwarded-For. */
static const char *client(const connguard_proxies *p, const char *peer, const char *xff)
{
	static char out[CONNGUARD_ADDRSTRLEN];
	connguard_client(p, peer, xff, out);
	return out;
}

static connguard_proxies proxies(const char *list)
{
	connguard_proxies p;
	char why[128];
	assert_int_equal(connguard_proxies_parse(list, &p, why, sizeof why), 0);
	return p;
}

static void test_proxy_list_parse(void **state)
{
	(void)state;
	connguard_proxies p;
	char why[128];
	assert_int_equal(connguard_proxies_parse(NULL, &p, why, sizeof why), 0);
	assert_int_equal(p.n, 0);
	assert_int_equal(connguard_proxies_parse("  ", &p, why, sizeof why), 0);
	assert_int_equal(p.n, 0);
	assert_int_equal(connguard_proxies_parse(" 10.0.1.5, 10.0.2.0/24,::1 ,fd00::/8,0.0.0.0/0",
	                                         &p, why, sizeof why),
	                 0);
	assert_int_equal(p.n, 5);
	assert_int_equal(p.nets[0].len, 4);
	assert_int_equal(p.nets[0].prefix, 32);
	assert_int_equal(p.nets[1].prefix, 24);
	assert_int_equal(p.nets[2].len, 16);
	assert_int_equal(p.nets[2].prefix, 128);
	assert_int_equal(p.nets[3].prefix, 8);
	assert_int_equal(p.nets[4].prefix, 0);
	/* host bits of a range are cleared; an IPv4-mapped range is an IPv4 one */
	p = proxies("10.1.2.3/8, ::ffff:192.168.0.0/112");
	static const unsigned char ten[4] = {10, 0, 0, 0}, net192[4] = {192, 168, 0, 0};
	assert_memory_equal(p.nets[0].addr, ten, 4);
	assert_int_equal(p.nets[1].len, 4);
	assert_int_equal(p.nets[1].prefix, 16);
	assert_memory_equal(p.nets[1].addr, net192, 4);
	static const char *const bad[] = {"10.0.0.0/33",
	                                  "::/129",
	                                  "10.0.0.1,",
	                                  ",10.0.0.1",
	                                  "10.0.0.1,,10.0.0.2",
	                                  "10.0.0.0/",
	                                  "10.0.0.0/x",
	                                  "10.0.0.0/-1",
	                                  "10.0.0",
	                                  "256.0.0.1",
	                                  "localhost",
	                                  "[::1]",
	                                  "10.0.0.1:80",
	                                  "::ffff:1.2.3.4/95",
	                                  "10.0.0.0/08x",
	                                  "2001:db8::/1000",
	                                  "1.2.3.4 5.6.7.8",
	                                  NULL};
	for (const char *const *b = bad; *b; b++) {
		why[0] = '\0';
		assert_int_equal(connguard_proxies_parse(*b, &p, why, sizeof why), -1);
		assert_true(why[0] != '\0');
	}
	/* more than the list holds */
	char many[CONNGUARD_MAX_PROXIES * 12 + 16] = "";
	for (int i = 0; i <= CONNGUARD_MAX_PROXIES; i++)
		snprintf(many + strlen(many), sizeof many - strlen(many), "%s10.0.%d.1",
		         i ? "," : "", i);
	assert_int_equal(connguard_proxies_parse(many, &p, why, sizeof why), -1);
}

static bool has(const connguard_proxies *p, const char *text)
{
	unsigned char a[16];
	unsigned n = connguard_addr_parse(text, a);
	assert_true(n > 0);
	return connguard_proxies_has(p, a, n);
}

/* Lists of proxies, the addresses each holds and those it does not (up to the first NULL). */
static const struct {
	const char *list;
	const char *in[8], *out[8];
} RANGES[] = {
    {"10.0.2.0/23, 192.168.1.7, 2001:db8:a::/48, ::1",
     {"10.0.2.0", "10.0.3.255" /* the last of the /23 */, "192.168.1.7",
      "::ffff:192.168.1.7" /* as a dual-stack socket reports it */, "2001:db8:a::1",
      "2001:db8:a:ffff:ffff:ffff:ffff:ffff", "::1"},
     {"10.0.1.255", "10.0.4.0", "192.168.1.8", "2001:db8:b::", "::2", "127.0.0.1"}},
    /* odd prefixes: the bits inside a byte */
    {"172.16.0.0/12, fe80::/10",
     {"172.31.255.255", "febf::1"},
     {"172.32.0.0", "172.15.255.255", "fec0::1"}},
    /* /0 is everything of its family, and nothing of the other */
    {"0.0.0.0/0", {"203.0.113.7"}, {"2001:db8::1"}},
    {"::/0", {"2001:db8::1"}, {"203.0.113.7"}},
    {NULL, {NULL}, {"127.0.0.1"}},
};

static void test_proxy_ranges(void **state)
{
	(void)state;
	for (size_t r = 0; r < sizeof RANGES / sizeof *RANGES; r++) {
		connguard_proxies p = proxies(RANGES[r].list);
		const char *list = RANGES[r].list ? RANGES[r].list : "no list";
		for (size_t i = 0; i < 8 && RANGES[r].in[i]; i++)
			if (!has(&p, RANGES[r].in[i]))
				fail_msg("%s does not hold %s", list, RANGES[r].in[i]);
		for (size_t i = 0; i < 8 && RANGES[r].out[i]; i++)
			if (has(&p, RANGES[r].out[i]))
				fail_msg("%s holds %s", list, RANGES[r].out[i]);
	}
	assert_false(connguard_proxies_has(NULL, (const unsigned char *)"\x7f\0\0\x01", 4));
}

static void test_client_address(void **state)
{
	(void)state;
	connguard_proxies p = proxies("127.0.0.1, 10.0.0.0/8, ::1");
	/* an untrusted peer: the header is ignored, whatever it says */
	assert_string_equal(client(&p, "198.51.100.9", "203.0.113.7"), "198.51.100.9");
	char out[CONNGUARD_ADDRSTRLEN];
	assert_false(connguard_client(&p, "198.51.100.9", "203.0.113.7", out));
	/* a trusted peer */
	assert_true(connguard_client(&p, "127.0.0.1", "203.0.113.7", out));
	assert_string_equal(out, "203.0.113.7");
	assert_string_equal(client(&p, "127.0.0.1", NULL), "127.0.0.1");
	assert_string_equal(client(&p, "127.0.0.1", ""), "127.0.0.1");
	assert_string_equal(client(&p, "127.0.0.1", " \t "), "127.0.0.1");
	/* a chain: the right-most address that is not a trusted proxy; what the client itself
	 * wrote to its left is not read */
	assert_string_equal(client(&p, "127.0.0.1", "198.51.100.1, 203.0.113.7, 10.1.1.1"),
	                    "203.0.113.7");
	assert_string_equal(client(&p, "127.0.0.1", "garbage, 203.0.113.7,10.1.1.1 ,10.2.2.2"),
	                    "203.0.113.7");
	assert_string_equal(client(&p, "127.0.0.1", "10.9.9.9, 203.0.113.7"), "203.0.113.7");
	/* a client that names a trusted proxy does not get past its own address */
	assert_string_equal(client(&p, "127.0.0.1", "127.0.0.1, 203.0.113.7"), "203.0.113.7");
	/* every hop a trusted proxy: the first of them */
	assert_string_equal(client(&p, "127.0.0.1", "10.3.3.3, 10.1.1.1"), "10.3.3.3");
	/* malformed where it is read: the peer */
	static const char *const malformed[] = {"203.0.113.7,",
	                                        "203.0.113.7, 10.1.1.1,",
	                                        "unknown",
	                                        "203.0.113.7:4711",
	                                        "[2001:db8::1]",
	                                        "203.0.113.7 10.1.1.1",
	                                        "999.1.1.1",
	                                        ",",
	                                        "1.2.3.4, garbage, 10.1.1.1",
	                                        NULL};
	for (const char *const *m = malformed; *m; m++)
		assert_string_equal(client(&p, "127.0.0.1", *m), "127.0.0.1");
	char longitem[200];
	memset(longitem, '1', sizeof longitem - 1);
	longitem[sizeof longitem - 1] = '\0';
	assert_string_equal(client(&p, "127.0.0.1", longitem), "127.0.0.1");
	/* IPv6: peers, clients, canonical text; IPv4-mapped addresses as IPv4 */
	assert_string_equal(client(&p, "::1", "2001:DB8:0:0::7"), "2001:db8::7");
	assert_string_equal(client(&p, "::ffff:127.0.0.1", "203.0.113.7"), "203.0.113.7");
	assert_string_equal(client(&p, "::1", "::ffff:203.0.113.7, ::1"), "203.0.113.7");
	assert_string_equal(client(&p, "2001:db8::9", "203.0.113.7"), "2001:db8::9");
	assert_string_equal(client(&p, "::ffff:198.51.100.9", "203.0.113.7"), "198.51.100.9");
	/* no list: every peer is itself */
	connguard_proxies none = proxies("");
	assert_string_equal(client(&none, "127.0.0.1", "203.0.113.7"), "127.0.0.1");
	assert_string_equal(client(NULL, "127.0.0.1", "203.0.113.7"), "127.0.0.1");
	/* a peer that is no address at all */
	assert_string_equal(client(&p, "?", "203.0.113.7"), "?");
}

static void test_local_paths(void **state)
{
	(void)state;
	static const char *const local[] = {"/",     "/projects/7", "/projects?state=draft&x=%2F",
	                                    "/项目", "/a\\b",       NULL};
	static const char *const not_local[] = {"//evil.example",
	                                        "/\\evil.example",
	                                        "/\t/evil.example",
	                                        "/\n/evil.example",
	                                        "/\r/evil.example",
	                                        "/ /evil.example",
	                                        "/x y",
	                                        "/x\x7f",
	                                        "/x\xc2\x85y",
	                                        "https://evil.example/",
	                                        "evil.example",
	                                        "",
	                                        "\\/evil.example",
	                                        NULL};
	for (const char *const *p = local; *p; p++)
		assert_string_equal(local_path_or(*p, "FALLBACK"), *p);
	for (const char *const *p = not_local; *p; p++)
		assert_string_equal(local_path_or(*p, "FALLBACK"), "FALLBACK");
	assert_string_equal(local_path_or(NULL, "/"), "/");
}

TEST_MAIN("web_connguard", NULL, NULL, cmocka_unit_test(test_per_address_limit),
          cmocka_unit_test(test_reserve_goes_to_newcomers), cmocka_unit_test(test_proxy_list_parse),
          cmocka_unit_test(test_proxy_ranges), cmocka_unit_test(test_client_address),
          cmocka_unit_test(test_local_paths))
