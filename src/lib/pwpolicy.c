#include "lib/pwpolicy.h"

#include <ctype.h>
#include <pthread.h>
#include <pwquality.h>
#include <stdbool.h>
#include <string.h>

#include "lib/log.h"

/* What people choose when asked for a password, once folded (see fold()): every entry is
 * refused alone or followed only by digits and marks ("Password123!", "P@ssw0rd", "woaini1314"). */
static const char *const COMMON[] = {
    "password", "passwd",   "qwerty",  "qwertyuiop", "asdfgh",   "zxcvbn",   "qazwsx",   "iqaz2wsx",
    "admin",    "root",     "welcome", "letmein",    "iloveyou", "woaini",   "aini",     "abc",
    "abcd",     "changeme", "default", "monkey",     "dragon",   "sunshine", "princess", "football",
    "baseball", "superman", "master",  "shadow",     "trustno",  "secret",   "login",    "test",
    "guest",    "user",     "hello",   "china",      "zhongguo", "beijing",  "shanghai",
};

/* Lower case, the usual swaps undone (@->a, 0->o, 1 and !->i, 3->e, $ and 5->s, 7->t); other
 * digits stay, so "1qaz2wsx" folds to "iqaz2wsx". */
static void fold(const char *pw, char *out, size_t cap)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)pw; *p && n + 1 < cap; p++) {
		unsigned char c = (unsigned char)tolower(*p);
		switch (c) {
		case '@':
			c = 'a';
			break;
		case '0':
			c = 'o';
			break;
		case '1':
		case '!':
			c = 'i';
			break;
		case '3':
			c = 'e';
			break;
		case '$':
		case '5':
			c = 's';
			break;
		case '7':
			c = 't';
			break;
		}
		out[n++] = (char)c;
	}
	out[n] = '\0';
}

/* Whether PW, its trailing digits and marks cut and folded, is the account's name, forwards or
 * backwards ("Officer2026!", "reciffo"). A longer password that merely contains the name passes:
 * length matters more than what it contains. */
static bool is_username(const char *pw, size_t n, const char *username)
{
	if (!username || strlen(username) < 3)
		return false;
	char raw[PASSWORD_MAX + 1], f[PASSWORD_MAX + 1], u[PASSWORD_MAX + 1];
	while (n > 0 && !isalpha((unsigned char)pw[n - 1]) && !(pw[n - 1] & 0x80))
		n--;
	memcpy(raw, pw, n);
	raw[n] = '\0';
	fold(raw, f, sizeof f);
	fold(username, u, sizeof u);
	size_t ul = strlen(u);
	if (strlen(f) != ul)
		return false;
	if (!strcmp(f, u))
		return true;
	for (size_t i = 0; i < ul; i++)
		if (f[i] != u[ul - 1 - i])
			return false;
	return true;
}

/* Whether PW, its trailing digits and marks cut, folds to a common word. N: its length, and
 * at least one byte is a letter (or part of a non-ASCII character). */
static bool is_common(const char *pw, size_t n)
{
	char raw[PASSWORD_MAX + 1];
	while (n > 0 && !isalpha((unsigned char)pw[n - 1]) && !(pw[n - 1] & 0x80))
		n--;
	memcpy(raw, pw, n);
	raw[n] = '\0';
	char f[PASSWORD_MAX + 1];
	fold(raw, f, sizeof f);
	for (size_t i = 0; i < sizeof COMMON / sizeof *COMMON; i++)
		if (!strcmp(f, COMMON[i]))
			return true;
	return false;
}

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER; /* cracklib keeps state between calls */
static pwquality_settings_t *settings;
static bool dictionary_missing;

static pwquality_settings_t *get_settings(void)
{
	if (settings)
		return settings;
	/* the library's defaults, not /etc/security/pwquality.conf: the rule is the application's
	 */
	pwquality_settings_t *s = pwquality_default_settings();
	if (!s)
		return NULL;
	pwquality_set_int_value(s, PWQ_SETTING_MIN_LENGTH, PASSWORD_MIN);
	pwquality_set_int_value(s, PWQ_SETTING_MAX_REPEAT, 4);
	pwquality_set_int_value(s, PWQ_SETTING_MAX_SEQUENCE, 5);
	pwquality_set_int_value(s, PWQ_SETTING_DICT_CHECK, 1);
	pwquality_set_int_value(s, PWQ_SETTING_USER_CHECK, 0); /* is_username below */
	settings = s;
	return s;
}

static pw_weakness quality(const char *pw, const char *username)
{
	pthread_mutex_lock(&mu);
	pw_weakness w = PW_OK;
	pwquality_settings_t *s = get_settings();
	if (s) {
		if (dictionary_missing)
			pwquality_set_int_value(s, PWQ_SETTING_DICT_CHECK, 0);
		void *aux = NULL;
		int r = pwquality_check(s, pw, NULL, username, &aux);
		if (r == PWQ_ERROR_CRACKLIB_CHECK && aux &&
		    strstr((const char *)aux, "dictionary") && strstr((const char *)aux, "error")) {
			/* no word list on this machine (Debian's cracklib-runtime): say so once and
			 * judge without it rather than refuse every password */
			log_error("password policy: the cracklib dictionary cannot be read (%s); "
			          "dictionary words are not refused",
			          (const char *)aux);
			dictionary_missing = true;
			pwquality_set_int_value(s, PWQ_SETTING_DICT_CHECK, 0);
			r = pwquality_check(s, pw, NULL, username, NULL);
		}
		if (r >= 0)
			w = PW_OK;
		else if (r == PWQ_ERROR_CRACKLIB_CHECK)
			w = PW_DICTIONARY;
		else if (r == PWQ_ERROR_USER_CHECK || r == PWQ_ERROR_GECOS_CHECK ||
		         r == PWQ_ERROR_BAD_WORDS)
			w = PW_USERNAME;
		else if (r == PWQ_ERROR_MIN_LENGTH || r == PWQ_ERROR_EMPTY_PASSWORD)
			w = PW_LENGTH;
		else if (r == PWQ_ERROR_MEM_ALLOC || r == PWQ_ERROR_FATAL_FAILURE)
			w = PW_OK; /* the other checks have passed; the library's failure is logged
			            */
		else
			w = PW_SIMPLE;
		if (r == PWQ_ERROR_MEM_ALLOC || r == PWQ_ERROR_FATAL_FAILURE)
			log_error("password policy: libpwquality failed (%d)", r);
	}
	pthread_mutex_unlock(&mu);
	return w;
}

pw_weakness pw_check(const char *password, const char *username)
{
	if (!password)
		return PW_LENGTH;
	size_t n = strlen(password);
	if (n < PASSWORD_MIN || n > PASSWORD_MAX)
		return PW_LENGTH;
	bool letter = false;
	for (size_t i = 0; i < n && !letter; i++)
		letter = isalpha((unsigned char)password[i]) || (password[i] & 0x80);
	if (!letter)
		return PW_SIMPLE; /* digits and marks only, such as a date or "5201314" */
	if (is_common(password, n))
		return PW_COMMON;
	if (is_username(password, n, username))
		return PW_USERNAME;
	return quality(password, username && *username ? username : NULL);
}

const char *pw_weakness_message(pw_weakness w)
{
	switch (w) {
	case PW_OK:
		return NULL;
	case PW_LENGTH:
		return "Field {field} must be 8 to 256 characters.";
	case PW_COMMON:
		return "Field {field} is one of the most common passwords; choose another.";
	case PW_DICTIONARY:
		return "Field {field} is a dictionary word or based on one; choose another.";
	case PW_USERNAME:
		return "Field {field} contains the user name; choose another.";
	case PW_SIMPLE:
		return "Field {field} is too simple (a palindrome, a run of one character or a "
		       "sequence); choose another.";
	}
	return NULL;
}
