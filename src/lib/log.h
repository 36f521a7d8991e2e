#ifndef BAOTU_LIB_LOG_H
#define BAOTU_LIB_LOG_H
/* One line per call to stderr, prefixed with the UTC time. Thread-safe (one write(2)). */
void log_msg(const char *level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define log_info(...) log_msg("info", __VA_ARGS__)
#define log_warn(...) log_msg("warn", __VA_ARGS__)
#define log_error(...) log_msg("error", __VA_ARGS__)
#endif
