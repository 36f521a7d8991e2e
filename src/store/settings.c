/* Settings rows. See settings.h. */
#include "store/settings.h"

int settings_insert(store_conn *c, arena *a, const char *key, const char *value, err *e)
{
	return store_q(c, a, e, NULL, "INSERT INTO settings (key, value) VALUES ($1, $2)", "tt",
	               key, value);
}

int settings_insert_if_absent(store_conn *c, arena *a, const char *key, const char *value, err *e)
{
	return store_q(c, a, e, NULL,
	               "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO "
	               "NOTHING",
	               "tt", key, value);
}

int store_setting_put(store_conn *c, arena *a, const char *key, const char *value, err *e)
{
	return store_q(c, a, e, NULL,
	               "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO "
	               "UPDATE SET value = excluded.value",
	               "tt", key, value);
}
