/* Time is UTC microseconds since the epoch, int64 (DESIGN.md). */
#ifndef BAOTU_LIB_TIME_H
#define BAOTU_LIB_TIME_H
#include <stddef.h>
#include <stdint.h>

int64_t time_now_us(void);
/* Pins the clock (demo seeding back in time); 0 returns to the real clock. Tests may also set
 * BAOTU_CLOCK_FILE to a file holding UTC microseconds: the clock then runs on from there. */
void time_set_override(int64_t us);
/* Monotonic microseconds, for durations. */
int64_t time_mono_us(void);
/* "2026-11-27T22:58:30.123456Z" */
void time_format_iso(int64_t us, char *out, size_t n);
/* "2026-11-27" in UTC+8 (China Standard Time), the pilot's calendar. */
void time_format_date_cst(int64_t us, char *out, size_t n);
#endif
