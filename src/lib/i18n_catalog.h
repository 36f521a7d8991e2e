#ifndef BAOTU_LIB_I18N_CATALOG_H
#define BAOTU_LIB_I18N_CATALOG_H
typedef struct i18n_entry {
	const char *msgid;
	const char *msgstr;
} i18n_entry;
extern const i18n_entry i18n_zh[];
extern const unsigned long i18n_zh_count;
extern const i18n_entry i18n_en[];
extern const unsigned long i18n_en_count;
#endif
