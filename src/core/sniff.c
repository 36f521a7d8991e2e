/* Content sniffing by magic bytes. The declared content type is never consulted. */
#include "core/sniff.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#define ZIP_PROBE 1024 /* the first KB, where an Office file's first entries are named */

static uint16_t u16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

enum { ZIP_WORD = 1, ZIP_XL = 2 };

static unsigned name_flags(const unsigned char *name, size_t n)
{
	if (n >= 5 && !memcmp(name, "word/", 5))
		return ZIP_WORD;
	if (n >= 3 && !memcmp(name, "xl/", 3))
		return ZIP_XL;
	return 0;
}

/* The entry names of the central directory (the authoritative list of a ZIP's files).
 * Returns -1 when there is no well-formed central directory to read. */
static int zip_central_flags(const unsigned char *s, size_t len, unsigned *flags)
{
	if (len < 22)
		return -1;
	/* the end-of-central-directory record: 22 bytes plus a comment of up to 65535 */
	size_t lowest = len - 22 > 65535 ? len - 22 - 65535 : 0;
	size_t eocd = len - 22 + 1;
	do {
		eocd--;
		if (!memcmp(s + eocd, "PK\x05\x06", 4) && eocd + 22 + u16(s + eocd + 20) == len)
			break;
		if (eocd == lowest)
			return -1;
	} while (1);
	uint16_t entries = u16(s + eocd + 10);
	uint32_t cd_size = u32(s + eocd + 12), cd_off = u32(s + eocd + 16);
	if ((uint64_t)cd_off + cd_size > eocd)
		return -1; /* also ZIP64's 0xFFFFFFFF markers: not for documents this small */
	size_t p = cd_off, end = (size_t)cd_off + cd_size;
	for (unsigned i = 0; i < entries; i++) {
		if (end - p < 46 || memcmp(s + p, "PK\x01\x02", 4))
			return -1;
		size_t nl = u16(s + p + 28), xl = u16(s + p + 30), cl = u16(s + p + 32);
		if (end - p - 46 < nl + xl + cl)
			return -1;
		*flags |= name_flags(s + p + 46, nl);
		p += 46 + nl + xl + cl;
	}
	return 0;
}

/* An Office Open XML file is a ZIP whose parts live under word/ (documents) or xl/
 * (spreadsheets). */
static const char *sniff_zip(const unsigned char *s, size_t len)
{
	unsigned flags = 0;
	if (zip_central_flags(s, len, &flags) < 0) {
		/* no readable central directory: the names in the first KB decide */
		size_t n = len < ZIP_PROBE ? len : ZIP_PROBE;
		if (memmem(s, n, "word/", 5))
			flags |= ZIP_WORD;
		if (memmem(s, n, "xl/", 3))
			flags |= ZIP_XL;
	}
	if (flags == ZIP_WORD)
		return SNIFF_DOCX;
	if (flags == ZIP_XL)
		return SNIFF_XLSX;
	return NULL; /* a plain archive, or one claiming to be both */
}

const char *sniff_content_type(const void *data, size_t len)
{
	const unsigned char *s = data;
	if (!s)
		return NULL;
	if (len >= 8 && !memcmp(s, "%PDF-", 5) && s[5] >= '1' && s[5] <= '9')
		return SNIFF_PDF;
	if (len >= 16 && !memcmp(s, "\x89PNG\r\n\x1a\n", 8) && !memcmp(s + 12, "IHDR", 4))
		return SNIFF_PNG;
	if (len >= 4 && s[0] == 0xFF && s[1] == 0xD8 && s[2] == 0xFF)
		return SNIFF_JPEG;
	if (len >= 30 && !memcmp(s, "PK\x03\x04", 4))
		return sniff_zip(s, len);
	return NULL;
}

static const struct {
	const char *type, *ext, *alt;
} EXTENSIONS[] = {
    {SNIFF_PDF, ".pdf", NULL}, {SNIFF_DOCX, ".docx", NULL},   {SNIFF_XLSX, ".xlsx", NULL},
    {SNIFF_PNG, ".png", NULL}, {SNIFF_JPEG, ".jpg", ".jpeg"},
};

const char *sniff_extension(const char *content_type)
{
	for (size_t i = 0; content_type && i < sizeof EXTENSIONS / sizeof *EXTENSIONS; i++)
		if (!strcmp(EXTENSIONS[i].type, content_type))
			return EXTENSIONS[i].ext;
	return NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n > k && !strcasecmp(s + n - k, suffix);
}

bool sniff_name_fits(const char *name, const char *content_type)
{
	for (size_t i = 0; name && content_type && i < sizeof EXTENSIONS / sizeof *EXTENSIONS; i++)
		if (!strcmp(EXTENSIONS[i].type, content_type))
			return ends_with(name, EXTENSIONS[i].ext) ||
			       (EXTENSIONS[i].alt && ends_with(name, EXTENSIONS[i].alt));
	return false;
}
