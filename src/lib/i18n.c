#include "lib/i18n.h"

#include <stdlib.h>
#include <string.h>

#include "lib/i18n_catalog.h"

static int cmp(const void *key, const void *elem)
{
	return strcmp((const char *)key, ((const i18n_entry *)elem)->msgid);
}

const char *tr(lang l, const char *msgid)
{
	if (!msgid)
		return "";
	const i18n_entry *cat = l == LANG_EN ? i18n_en : i18n_zh;
	unsigned long n = l == LANG_EN ? i18n_en_count : i18n_zh_count;
	const i18n_entry *hit = bsearch(msgid, cat, n, sizeof *cat, cmp);
	return hit ? hit->msgstr : msgid;
}

const char *lang_id(lang l) { return l == LANG_EN ? "en" : "zh-CN"; }

lang lang_parse(const char *s)
{
	if (s && s[0] == 'e' && s[1] == 'n' && (s[2] == '\0' || s[2] == '-' || s[2] == '_' ||
						  s[2] == ',' || s[2] == ';'))
		return LANG_EN;
	return LANG_ZH;
}
