/* Content sniffing: the accepted kinds by their bytes, and everything else refused, whatever a
 * file claims to be. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/sniff.h"
#include "lib/buf.h"
#include "support.h"

static const char *sniff(const char *s)
{
	return sniff_content_type(s, strlen(s));
}

static void put16(buf *b, unsigned v)
{
	buf_putc(b, (char)(v & 0xff));
	buf_putc(b, (char)(v >> 8));
}

static void put32(buf *b, uint32_t v)
{
	put16(b, v & 0xffff);
	put16(b, v >> 16);
}

/* A stored (uncompressed) ZIP with the given entries; central directory and end record when
 * central is true. CRCs are left zero: sniffing does not read them. */
static void zip(buf *b, const char *const *names, const char *filler, bool central)
{
	uint32_t offsets[16];
	int n = 0;
	buf_reset(b);
	for (; names[n]; n++) {
		offsets[n] = (uint32_t)b->len;
		size_t nl = strlen(names[n]), dl = strlen(filler);
		buf_append(b, "PK\x03\x04", 4);
		put16(b, 20), put16(b, 0), put16(b, 0), put16(b, 0), put16(b, 0);
		put32(b, 0), put32(b, (uint32_t)dl), put32(b, (uint32_t)dl);
		put16(b, (unsigned)nl), put16(b, 0);
		buf_append(b, names[n], nl);
		buf_append(b, filler, dl);
	}
	if (!central)
		return;
	uint32_t cd = (uint32_t)b->len;
	for (int i = 0; i < n; i++) {
		size_t nl = strlen(names[i]), dl = strlen(filler);
		buf_append(b, "PK\x01\x02", 4);
		put16(b, 20), put16(b, 20), put16(b, 0), put16(b, 0), put16(b, 0), put16(b, 0);
		put32(b, 0), put32(b, (uint32_t)dl), put32(b, (uint32_t)dl);
		put16(b, (unsigned)nl), put16(b, 0), put16(b, 0), put16(b, 0), put16(b, 0);
		put32(b, 0), put32(b, offsets[i]);
		buf_append(b, names[i], nl);
	}
	uint32_t cd_size = (uint32_t)b->len - cd;
	buf_append(b, "PK\x05\x06", 4);
	put16(b, 0), put16(b, 0), put16(b, (unsigned)n), put16(b, (unsigned)n);
	put32(b, cd_size), put32(b, cd);
	put16(b, 0);
}

static void test_pdf_png_jpeg(void **state)
{
	assert_string_equal(sniff("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj"), SNIFF_PDF);
	assert_string_equal(sniff("%PDF-2.0\n"), SNIFF_PDF);
	assert_null(sniff("%PDF-"));           /* too short to be one */
	assert_null(sniff("%PDF-x.y\nxxxxx")); /* no version */
	assert_null(sniff(" %PDF-1.4\n......"));
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0,
	                                    0,    13,  'I', 'H', 'D',  'R',  0,    0,    0, 1};
	assert_string_equal(sniff_content_type(png, sizeof png), SNIFF_PNG);
	assert_null(sniff_content_type(png, 8)); /* the signature alone */
	static const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F'};
	assert_string_equal(sniff_content_type(jpeg, sizeof jpeg), SNIFF_JPEG);
	assert_null(sniff_content_type(jpeg, 2));
	assert_null(sniff_content_type(NULL, 10));
	assert_null(sniff_content_type("", 0));
}

static void test_refused(void **state)
{
	static const char *const refused[] = {
	    "<!DOCTYPE html><html><script>alert(1)</script>",
	    "<html><body>%PDF-1.4</body></html>",
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
	    "#!/bin/sh\nrm -rf /\n",
	    "MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff",
	    "\x7f"
	    "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0",
	    "GIF89a\x01\0\x01\0",
	    "{\\rtf1\\ansi hello}",
	    "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old office",
	    "plain text that claims to be a pdf",
	};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
		if (sniff(refused[i]))
			fail_msg("accepted case %zu", i);
}

static void test_office_zip(void **state)
{
	buf b = BUF_INIT;
	static const char *const docx[] = {"[Content_Types].xml", "_rels/.rels",
	                                   "word/document.xml", NULL};
	static const char *const xlsx[] = {"[Content_Types].xml", "xl/workbook.xml", NULL};
	static const char *const plain[] = {"readme.txt", "src/main.c", NULL};
	static const char *const both[] = {"word/document.xml", "xl/workbook.xml", NULL};
	static const char *const nested[] = {"a/word/x.xml", "docs/xl/y.xml", NULL};
	zip(&b, docx, "<x/>", true);
	assert_string_equal(sniff_content_type(b.data, b.len), SNIFF_DOCX);
	zip(&b, xlsx, "<x/>", true);
	assert_string_equal(sniff_content_type(b.data, b.len), SNIFF_XLSX);
	zip(&b, plain, "hello", true);
	assert_null(sniff_content_type(b.data, b.len));
	zip(&b, both, "<x/>", true);
	assert_null(sniff_content_type(b.data, b.len));
	zip(&b, nested, "<x/>", true);
	assert_null(sniff_content_type(b.data, b.len));

	/* word/ named only beyond the first KB: the central directory still tells */
	char big[3000];
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	zip(&b, docx, big, true);
	assert_null(memmem(b.data, 1024, "word/", 5));
	assert_string_equal(sniff_content_type(b.data, b.len), SNIFF_DOCX);
	/* without a central directory only the first KB counts */
	zip(&b, docx, big, false);
	assert_null(sniff_content_type(b.data, b.len));
	zip(&b, docx, "<x/>", false);
	assert_string_equal(sniff_content_type(b.data, b.len), SNIFF_DOCX);

	/* a broken central directory (offset past the end) falls back to the first KB */
	zip(&b, xlsx, "<x/>", true);
	b.data[b.len - 6] = (char)0xff;
	assert_string_equal(sniff_content_type(b.data, b.len), SNIFF_XLSX);
	/* truncated files do not read out of bounds (run under ASan) */
	zip(&b, docx, "<x/>", true);
	for (size_t n = 0; n < b.len; n++)
		(void)sniff_content_type(b.data, n);
	buf_free(&b);
}

static void test_extensions(void **state)
{
	assert_string_equal(sniff_extension(SNIFF_PDF), ".pdf");
	assert_string_equal(sniff_extension(SNIFF_DOCX), ".docx");
	assert_string_equal(sniff_extension(SNIFF_XLSX), ".xlsx");
	assert_string_equal(sniff_extension(SNIFF_PNG), ".png");
	assert_string_equal(sniff_extension(SNIFF_JPEG), ".jpg");
	assert_null(sniff_extension("text/html"));
	assert_true(sniff_name_fits("a.PDF", SNIFF_PDF));
	assert_true(sniff_name_fits("photo.jpeg", SNIFF_JPEG));
	assert_true(sniff_name_fits("photo.JPG", SNIFF_JPEG));
	assert_false(sniff_name_fits("x.html", SNIFF_PDF));
	assert_false(sniff_name_fits(".pdf", SNIFF_PDF)); /* no name before it */
	assert_false(sniff_name_fits("a.docx", SNIFF_XLSX));
	assert_false(sniff_name_fits(NULL, SNIFF_PDF));
}

TEST_MAIN("core_sniff", NULL, NULL, cmocka_unit_test(test_pdf_png_jpeg),
          cmocka_unit_test(test_refused), cmocka_unit_test(test_office_zip),
          cmocka_unit_test(test_extensions))
