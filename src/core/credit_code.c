#include <stddef.h>
#include <string.h>

#include "core/credit_code.h"

/* GB 32100-2015 §4: the 31-character set; I, O, Z, S, V are never used. */
static const char CHARSET[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* GB 32100-2015 §5: weight of position i is 3^(i-1) mod 31. */
static const int WEIGHTS[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

static int char_value(char c)
{
	if (c == '\0')
		return -1;
	const char *p = strchr(CHARSET, c);
	return p == NULL ? -1 : (int)(p - CHARSET);
}

char credit_code_check_char(const char *first17)
{
	if (first17 == NULL)
		return '\0';
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		int v = char_value(first17[i]);
		if (v < 0)
			return '\0';
		sum += v * WEIGHTS[i];
	}
	return CHARSET[(31 - sum % 31) % 31];
}

bool credit_code_valid(const char *s)
{
	if (s == NULL || strnlen(s, CREDIT_CODE_LEN + 1) != CREDIT_CODE_LEN)
		return false;
	/* positions 3..8: administrative division code (GB/T 2260), digits only */
	for (int i = 2; i < 8; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	char check = credit_code_check_char(s);
	return check != '\0' && s[17] == check;
}
