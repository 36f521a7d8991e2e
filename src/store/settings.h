/* Settings rows (key/value text) written by the use cases; store_setting_get (store.h) reads
 * them. */
#ifndef BAOTU_STORE_SETTINGS_H
#define BAOTU_STORE_SETTINGS_H
#include "store/store.h"

/* A new setting: 409 conflict when the key is there already. */
int settings_insert(store_conn *c, arena *a, const char *key, const char *value, err *e);
/* A new setting unless the key is there already (then the row stays as it is). */
int settings_insert_if_absent(store_conn *c, arena *a, const char *key, const char *value, err *e);
/* A setting set to VALUE, whether it was there or not. */
int store_setting_put(store_conn *c, arena *a, const char *key, const char *value, err *e);
#endif
