/* The page kit: small pieces every page shares, written once. */
#include <time.h>

#include "web/ui.h"

const char *ui_time_cst(req *r, long long us)
{
	time_t t = (time_t)(us / 1000000) + 8 * 3600; /* China Standard Time, UTC+8, no DST */
	struct tm tm;
	if (!us || !gmtime_r(&t, &tm))
		return "";
	return arena_printf(r->a, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
			    tm.tm_mday, tm.tm_hour, tm.tm_min);
}
