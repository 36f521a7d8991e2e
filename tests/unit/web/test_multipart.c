/* multipart/form-data parsing: what browsers and curl send is read exactly; anything malformed
 * is refused with a stable code, and file names come out safe. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "web/multipart.h"
#include "support.h"

#define CT "multipart/form-data; boundary=XyZ"

typedef struct run {
	arena *a;
	multipart_part parts[8];
	int n;
	err e;
	int rc;
} run;

static void parse_ct(run *t, const char *ct, const char *body, size_t len, int max)
{
	err_clear(&t->e);
	t->rc = multipart_parse(ct, body, len, t->a, t->parts, max, &t->n, &t->e);
}

static void parse(run *t, const char *body)
{
	parse_ct(t, CT, body, strlen(body), 8);
}

static int setup(void **state)
{
	run *t = calloc(1, sizeof *t);
	t->a = arena_new();
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	run *t = *state;
	arena_free(t->a);
	free(t);
	return 0;
}

static void assert_refused(run *t, int status, const char *code)
{
	assert_int_equal(t->rc, -1);
	assert_int_equal(t->e.status, status);
	assert_string_equal(t->e.code, code);
}

static void test_browser_form(void **state)
{
	run *t = *state;
	/* what Chromium sends for <input name=kind> + <input type=file name=file> */
	static const char body[] = "--XyZ\r\n"
	                           "Content-Disposition: form-data; name=\"kind\"\r\n"
	                           "\r\n"
	                           "technical_plan\r\n"
	                           "--XyZ\r\n"
	                           "Content-Disposition: form-data; name=\"file\"; "
	                           "filename=\"plan v2.pdf\"\r\n"
	                           "Content-Type: application/pdf\r\n"
	                           "\r\n"
	                           "%PDF-1.4\r\nbinary\0data\r\n-XyZ --XyZ mid-line\r\n"
	                           "--XyZ--\r\n";
	parse_ct(t, CT, body, sizeof body - 1, 8);
	assert_int_equal(t->rc, 0);
	assert_int_equal(t->n, 2);
	assert_string_equal(t->parts[0].name, "kind");
	assert_null(t->parts[0].filename);
	assert_null(t->parts[0].content_type);
	assert_int_equal(t->parts[0].len, strlen("technical_plan"));
	assert_memory_equal(t->parts[0].data, "technical_plan", t->parts[0].len);
	assert_string_equal(t->parts[1].name, "file");
	assert_string_equal(t->parts[1].filename, "plan v2.pdf");
	assert_string_equal(t->parts[1].content_type, "application/pdf");
	/* binary data, NUL and CRLF inside, a near-delimiter: all kept */
	static const char data[] = "%PDF-1.4\r\nbinary\0data\r\n-XyZ --XyZ mid-line";
	assert_int_equal(t->parts[1].len, sizeof data - 1);
	assert_memory_equal(t->parts[1].data, data, sizeof data - 1);
	assert_ptr_equal(multipart_find(t->parts, t->n, "file"), &t->parts[1]);
	assert_null(multipart_find(t->parts, t->n, "nope"));
}

static void test_content_type_header(void **state)
{
	run *t = *state;
	static const char body[] = "--a'b(c)+_,-./:=? x\r\n"
	                           "content-disposition: FORM-DATA; NAME=k\r\n\r\nv\r\n"
	                           "--a'b(c)+_,-./:=? x--";
	/* quoted boundary with every allowed character, case-insensitive names, no final CRLF */
	parse_ct(t, "Multipart/Form-Data; charset=utf-8; boundary=\"a'b(c)+_,-./:=? x\"", body,
	         strlen(body), 8);
	assert_int_equal(t->rc, 0);
	assert_int_equal(t->n, 1);
	assert_string_equal(t->parts[0].name, "k");
	assert_int_equal(t->parts[0].len, 1);

	parse_ct(t, NULL, "", 0, 8);
	assert_refused(t, 415, "unsupported_media_type");
	parse_ct(t, "application/json", "{}", 2, 8);
	assert_refused(t, 415, "unsupported_media_type");
	parse_ct(t, "multipart/form-dataX; boundary=XyZ", "", 0, 8);
	assert_refused(t, 415, "unsupported_media_type");
	parse_ct(t, "multipart/mixed; boundary=XyZ", "", 0, 8);
	assert_refused(t, 415, "unsupported_media_type");

	static const char *const bad[] = {
	    "multipart/form-data",                           /* no boundary */
	    "multipart/form-data; boundary=",                /* empty */
	    "multipart/form-data; boundary=\"\"",            /* empty, quoted */
	    "multipart/form-data; boundary=a; boundary=b",   /* twice */
	    "multipart/form-data; boundary=\"ends space \"", /* trailing space */
	    "multipart/form-data; boundary=\"a<b\"",         /* not a bchar */
	    "multipart/form-data; boundary=\"unterminated",
	    "multipart/form-data; boundary",
	    "multipart/form-data boundary=x",
	    "multipart/form-data; boundary=x junk",
	    "multipart/form-data; boundary=\"01234567890123456789012345678901234567890123456789"
	    "012345678901234567890\"", /* 71 characters */
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		parse_ct(t, bad[i], "--x--", 5, 8);
		if (t->rc != -1 || t->e.status != 400)
			fail_msg("accepted content type %s", bad[i]);
		assert_string_equal(t->e.code, "invalid_multipart");
	}
}

static void test_empty_form_and_epilogue(void **state)
{
	run *t = *state;
	parse(t, "--XyZ--");
	assert_int_equal(t->rc, 0);
	assert_int_equal(t->n, 0);
	parse(t, "--XyZ--\r\n");
	assert_int_equal(t->rc, 0);
	/* nothing but one CRLF may follow the close delimiter: no hidden part after it */
	parse(t, "--XyZ--\r\n--XyZ\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n"
	         "--XyZ--");
	assert_refused(t, 400, "invalid_multipart");
	parse(t, "--XyZ--\r\n\r\n");
	assert_refused(t, 400, "invalid_multipart");
	parse(t, "--XyZ--epilogue");
	assert_refused(t, 400, "invalid_multipart");
}

static void test_malformed_bodies(void **state)
{
	run *t = *state;
	static const char *const bad[] = {
	    "",                                                                     /* empty */
	    "preamble\r\n--XyZ--",                                                  /* a preamble */
	    "--XyZ",                                                                /* no end */
	    "--XyZ\r\n",                                                            /* no headers */
	    "--XyZ \r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--", /* padding */
	    "--XyZ\nContent-Disposition: form-data; name=a\n\n1\n--XyZ--",          /* bare LF */
	    "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n",         /* no close */
	    "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1--XyZ--",      /* no CRLF */
	    "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZX--", /* not it */
	    "--XyZ\r\n\r\n1\r\n--XyZ--",                                            /* no headers */
	    "--XyZ\r\nContent-Type: text/plain\r\n\r\n1\r\n--XyZ--", /* no disposition */
	    "--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\n1\r\n--XyZ--",
	    "--XyZ\r\nContent-Disposition: form-data\r\n\r\n1\r\n--XyZ--", /* no name */
	    "--XyZ\r\nContent-Disposition: form-data; name=\"\"\r\n\r\n1\r\n--XyZ--",
	    "--XyZ\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\n1\r\n--XyZ--",
	    "--XyZ\r\nContent-Disposition: form-data; name=a; filename=x; filename=y\r\n\r\n1"
	    "\r\n--XyZ--",
	    "--XyZ\r\nContent-Disposition: form-data; name=a\r\nContent-Disposition: "
	    "form-data; name=b\r\n\r\n1\r\n--XyZ--", /* two dispositions */
	    "--XyZ\r\nContent-Disposition: form-data; name=a\r\n folded\r\n\r\n1\r\n--XyZ--",
	    "--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1\r\n--XyZ--",
	    "--XyZ\r\nContent-Disposition: form-data; name=a b\r\n\r\n1\r\n--XyZ--",
	    "--XyZ\r\nContent-Disposition: form-data; name=a\r\nNo colon\r\n\r\n1\r\n--XyZ--",
	    "--XyZ\r\nContent-Disposition: form-data; name=a\r\nBad Name: x\r\n\r\n1\r\n--XyZ--",
	    "--XyZ\r\nContent-Disposition: form-data; name=a\r\nContent-Transfer-Encoding: "
	    "base64\r\n\r\nMQ==\r\n--XyZ--",
	    "--XyZ\r\nContent-Disposition: form-data; name=a\r\nContent-Type: a\r\nContent-Type: "
	    "b\r\n\r\n1\r\n--XyZ--",
	    "--XyZ\r\nContent-Disposition: form-data; name=\"\x01\"\r\n\r\n1\r\n--XyZ--",
	    "--XyZ\r\nContent-Disposition: form-data; name=\"\xff\"\r\n\r\n1\r\n--XyZ--",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		parse(t, bad[i]);
		if (t->rc != -1 || t->e.status != 400 || strcmp(t->e.code, "invalid_multipart"))
			fail_msg("case %zu was not refused as invalid_multipart: %s", i, bad[i]);
	}
	/* a NUL in a header line */
	static const char nul[] = "--XyZ\r\nContent-Disposition: form-data; name=a\0b\r\n\r\n1\r\n"
	                          "--XyZ--";
	parse_ct(t, CT, nul, sizeof nul - 1, 8);
	assert_refused(t, 400, "invalid_multipart");
}

static void test_header_limit(void **state)
{
	run *t = *state;
	buf b = BUF_INIT;
	buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=a\r\nX-Pad: ");
	for (int i = 0; i < MULTIPART_MAX_HEADER_BYTES; i++)
		buf_putc(&b, 'p');
	buf_puts(&b, "\r\n\r\n1\r\n--XyZ--");
	parse(t, buf_cstr(&b));
	assert_refused(t, 400, "invalid_multipart");
	assert_non_null(strstr(t->e.msg, "too large"));
	/* just within the limit: accepted */
	buf_reset(&b);
	buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=a\r\nX-Pad: ");
	size_t used = strlen("Content-Disposition: form-data; name=a\r\nX-Pad: ") + 4;
	for (size_t i = used; i < MULTIPART_MAX_HEADER_BYTES; i++)
		buf_putc(&b, 'p');
	buf_puts(&b, "\r\n\r\n1\r\n--XyZ--");
	parse(t, buf_cstr(&b));
	assert_int_equal(t->rc, 0);
	assert_int_equal(t->n, 1);
	buf_free(&b);
}

static void test_part_limit(void **state)
{
	run *t = *state;
	buf b = BUF_INIT;
	for (int i = 0; i < 3; i++)
		buf_printf(&b, "--XyZ\r\nContent-Disposition: form-data; name=f%d\r\n\r\n%d\r\n", i,
		           i);
	buf_puts(&b, "--XyZ--");
	parse_ct(t, CT, b.data, b.len, 3);
	assert_int_equal(t->rc, 0);
	assert_int_equal(t->n, 3);
	parse_ct(t, CT, b.data, b.len, 2);
	assert_refused(t, 400, "too_many_parts");
	buf_free(&b);
}

static void test_quoting_and_other_headers(void **state)
{
	run *t = *state;
	/* curl escapes quotes and backslashes; browsers send other backslashes as they are */
	parse(t,
	      "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\\\"b\\\\c.pdf\"; "
	      "filename*=UTF-8''ignored\r\nX-Other: whatever\r\nContent-Transfer-Encoding: "
	      "binary\r\ncontent-type:  text/plain ; charset=utf-8  \r\n\r\n\r\n--XyZ--");
	assert_int_equal(t->rc, 0);
	assert_int_equal(t->n, 1);
	/* a"b\c.pdf: the part after the last backslash, quote replaced */
	assert_string_equal(t->parts[0].filename, "c.pdf");
	assert_string_equal(t->parts[0].content_type, "text/plain ; charset=utf-8");
	assert_int_equal(t->parts[0].len, 0);
	/* a file input with nothing chosen: filename="" and no data */
	parse(t, "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\n"
	         "Content-Type: application/octet-stream\r\n\r\n\r\n--XyZ--\r\n");
	assert_int_equal(t->rc, 0);
	assert_string_equal(t->parts[0].filename, "");
}

static void test_safe_filename(void **state)
{
	run *t = *state;
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"report.pdf", "report.pdf"},
	    {"../../etc/passwd", "passwd"},
	    {"C:\\Users\\me\\plan.docx", "plan.docx"},
	    {"/abs/path/", "file"},
	    {"..", "file"},
	    {"...hidden", "hidden"},
	    {".htaccess", "htaccess"},
	    {"trailing. . ", "trailing"},
	    {"a<b>c:d\"e|f?g*h.pdf", "a_b_c_d_e_f_g_h.pdf"},
	    {"tab\there\x7f.pdf", "tab_here_.pdf"},
	    {"申报书（终稿）.pdf", "申报书（终稿）.pdf"},
	    {"bad\xff\xfe utf8.pdf", "bad__ utf8.pdf"},
	    {"over\xc0\xaflong.pdf", "over__long.pdf"},
	    /* U+202E RIGHT-TO-LEFT OVERRIDE would show "fdp.exe" as "exe.pdf": dropped */
	    {"invoice\xe2\x80\xae"
	     "fdp.exe",
	     "invoicefdp.exe"},
	    {"zero\xe2\x80\x8bwidth.pdf", "zerowidth.pdf"},
	    {"", "file"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *got = multipart_safe_filename(t->a, cases[i].in, strlen(cases[i].in));
		if (strcmp(got, cases[i].out))
			fail_msg("safe name of \"%s\" is \"%s\", want \"%s\"", cases[i].in, got,
			         cases[i].out);
	}
	/* a NUL inside the raw name becomes "_" */
	assert_string_equal(multipart_safe_filename(t->a, "a\0b.pdf", 7), "a_b.pdf");
	/* long names keep their extension and end on a character boundary */
	buf b = BUF_INIT;
	for (int i = 0; i < 150; i++)
		buf_puts(&b, "表"); /* 3 bytes each */
	buf_puts(&b, ".xlsx");
	const char *got = multipart_safe_filename(t->a, b.data, b.len);
	assert_true(strlen(got) <= MULTIPART_MAX_FILENAME_BYTES);
	assert_int_equal(strcmp(got + strlen(got) - 5, ".xlsx"), 0);
	assert_int_equal((strlen(got) - 5) % 3, 0);
	buf_free(&b);
}

static void test_text_field(void **state)
{
	run *t = *state;
	static const char body[] =
	    "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n"
	    "tok123\r\n--XyZ\r\nContent-Disposition: form-data; "
	    "name=\"file\"; filename=\"x.pdf\"\r\n\r\n%PDF-1.4\r\n--XyZ--\r\n";
	const char *v = multipart_text_field(CT, body, sizeof body - 1, t->a, "csrf");
	assert_non_null(v);
	assert_string_equal(v, "tok123");
	/* a file part is no text field; absent fields and bad bodies give NULL */
	assert_null(multipart_text_field(CT, body, sizeof body - 1, t->a, "file"));
	assert_null(multipart_text_field(CT, body, sizeof body - 1, t->a, "kind"));
	assert_null(multipart_text_field(CT, body, 20, t->a, "csrf"));
	assert_null(multipart_text_field("application/x-www-form-urlencoded", body, sizeof body - 1,
	                                 t->a, "csrf"));
	assert_null(multipart_text_field(CT, NULL, 0, t->a, "csrf"));
}

TEST_MAIN("web_multipart", NULL, NULL, FIXTURE_TEST(test_browser_form),
          FIXTURE_TEST(test_content_type_header), FIXTURE_TEST(test_empty_form_and_epilogue),
          FIXTURE_TEST(test_malformed_bodies), FIXTURE_TEST(test_header_limit),
          FIXTURE_TEST(test_part_limit), FIXTURE_TEST(test_quoting_and_other_headers),
          FIXTURE_TEST(test_safe_filename), FIXTURE_TEST(test_text_field))
