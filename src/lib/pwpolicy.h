/* pwpolicy: whether a new password may be used. Length first (8 to 256 bytes), then a short list
 * of the passwords people choose most (compared after folding case, common letter-for-digit
 * swaps and trailing digits or marks) and the account's own name so disguised, then
 * libpwquality: the cracklib dictionary, palindromes, long runs and sequences. Thread-safe. */
#ifndef BAOTU_LIB_PWPOLICY_H
#define BAOTU_LIB_PWPOLICY_H

#define PASSWORD_MIN 8
#define PASSWORD_MAX 256

typedef enum pw_weakness {
	PW_OK = 0,
	PW_LENGTH,     /* shorter than PASSWORD_MIN or longer than PASSWORD_MAX bytes */
	PW_COMMON,     /* one of the most common passwords, lightly disguised */
	PW_DICTIONARY, /* a dictionary word, or based on one */
	PW_USERNAME,   /* the account's name, forwards or backwards, lightly disguised */
	PW_SIMPLE,     /* a palindrome, a long run of one character, a sequence like 12345 */
} pw_weakness;

/* Judges PASSWORD for the account USERNAME (may be NULL). */
pw_weakness pw_check(const char *password, const char *username);

/* The message for a weakness: an English catalog id with {field}, as err_set takes. */
const char *pw_weakness_message(pw_weakness w);

#endif
