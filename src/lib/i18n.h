/* Translations: English message ids, catalogs compiled in from the gettext catalogs in po/. */
#ifndef BAOTU_LIB_I18N_H
#define BAOTU_LIB_I18N_H
typedef enum { LANG_ZH = 0, LANG_EN = 1 } lang;
/* The string for msgid in lang; the msgid itself when there is no translation. */
const char *tr(lang l, const char *msgid);
const char *lang_id(lang l); /* "zh-CN", "en" */
/* Parses "en", "en-US", "zh", "zh-CN"...; anything else is zh-CN (the default). */
lang lang_parse(const char *s);
/* Marks a string literal as a message id (scripts/check-po collects it) without translating
 * it here: for tables of labels that are translated where they are shown, with tr(). */
#define N_(msgid) msgid
#endif
