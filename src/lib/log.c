#include "lib/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "lib/time.h"

void log_msg(const char *level, const char *fmt, ...)
{
	char line[2048];
	char ts[40];
	time_format_iso(time_now_us(), ts, sizeof ts);
	int n = snprintf(line, sizeof line, "%s %s ", ts, level);
	va_list ap;
	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof line)
		n += vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof line - 1)
		n = (int)sizeof line - 2;
	line[n++] = '\n';
	ssize_t w = write(2, line, (size_t)n);
	(void)w;
}
