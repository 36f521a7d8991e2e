/* credit_code: the unified social credit code (统一社会信用代码, GB 32100-2015). */
#ifndef BAOTU_CORE_CREDIT_CODE_H
#define BAOTU_CORE_CREDIT_CODE_H
#include <stdbool.h>

#define CREDIT_CODE_LEN 18

/* 18 characters from "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, Z, S, V; uppercase only),
 * positions 3..8 digits (administrative division code), position 18 the check character.
 * NULL-safe (false). */
bool credit_code_valid(const char *s);

/* The check character for the first 17 characters of a code; '\0' if first17 is NULL or
 * its first 17 characters are not all from the code set (it may be longer; the rest is ignored). */
char credit_code_check_char(const char *first17);

#endif
