#include "core/division.h"
#include "core/text.h"

#include <string.h>

/* Abolished prefecture-level cities and the city that took them over. */
static const struct {
	const char *code, *successor;
} SUCCESSORS[] = {
    {"371200", "370100"}, /* 莱芜市, merged into 济南市 in January 2019 */
};

static bool is_code(const char *s)
{
	if (s == NULL)
		return false;
	for (int i = 0; i < DIVISION_CODE_LEN; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return s[DIVISION_CODE_LEN] == '\0';
}

/* Copies the next CSV field of [*p, end) into out (cap bytes, NUL-terminated); a quoted field
 * may hold commas and "" for a quote. 0 ok, -1 on a bad quote or a field too long. */
static int next_field(const char **p, const char *end, char *out, size_t cap)
{
	const char *s = *p;
	size_t n = 0;
	if (s < end && *s == '"') {
		s++;
		for (;;) {
			if (s == end)
				return -1;
			if (*s == '"') {
				if (s + 1 < end && s[1] == '"') {
					s++;
				} else {
					s++;
					break;
				}
			}
			if (n + 1 >= cap)
				return -1;
			out[n++] = *s++;
		}
		if (s < end && *s != ',')
			return -1;
	} else {
		while (s < end && *s != ',') {
			if (*s == '"' || n + 1 >= cap)
				return -1;
			out[n++] = *s++;
		}
	}
	out[n] = '\0';
	*p = s < end ? s + 1 : NULL; /* NULL: the last field of the line */
	return 0;
}

static int parse_row(const char *p, const char *end, division *d)
{
	char code[16], level[16], note[512];
	struct {
		char *out;
		size_t cap;
	} f[] = {{code, sizeof code},
	         {d->name, sizeof d->name},
	         {d->short_name, sizeof d->short_name},
	         {d->name_en, sizeof d->name_en},
	         {level, sizeof level},
	         {note, sizeof note}};
	const char *q = p;
	for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
		/* exactly six fields: each but the last is followed by a comma */
		if (q == NULL || next_field(&q, end, f[i].out, f[i].cap) < 0)
			return -1;
	}
	if (q != NULL)
		return -1;
	if (!is_code(code))
		return -1;
	memcpy(d->code, code, sizeof d->code);
	if (!d->name[0] || !d->short_name[0] || !d->name_en[0])
		return -1;
	if (!strcmp(level, "province") && !strcmp(d->code + 2, "0000"))
		d->level = DIVISION_PROVINCE;
	else if (!strcmp(level, "city") && !strcmp(d->code + 4, "00") &&
	         strcmp(d->code + 2, "0000") != 0)
		d->level = DIVISION_CITY;
	else
		return -1;
	return 0;
}

static int add_division(void *arg, const char *p, const char *end)
{
	division_table *t = arg;
	division d;
	if (t->n == DIVISIONS_MAX || parse_row(p, end, &d) < 0 ||
	    division_by_code(t, d.code) != NULL)
		return -1;
	t->rows[t->n++] = d;
	return 0;
}

int division_parse_csv(const char *text, division_table *out, int *bad_line)
{
	int dummy;
	if (bad_line == NULL)
		bad_line = &dummy;
	*bad_line = 0;
	if (text == NULL || out == NULL) {
		*bad_line = 1;
		return -1;
	}
	out->n = 0;
	if (text_table_rows(text, "code,name,short_name,name_en,level,note", add_division, out,
	                    bad_line) < 0) {
		out->n = 0;
		return -1;
	}
	/* every city's province is listed (checked once all rows are in) */
	for (size_t i = 0; i < out->n; i++) {
		char prov[DIVISION_CODE_LEN + 1];
		memcpy(prov, out->rows[i].code, 2);
		memcpy(prov + 2, "0000", 5);
		if (out->rows[i].level == DIVISION_CITY && division_by_code(out, prov) == NULL) {
			*bad_line = (int)i + 2;
			out->n = 0;
			return -1;
		}
	}
	return (int)out->n;
}

const division *division_by_code(const division_table *t, const char *code)
{
	if (t == NULL || code == NULL)
		return NULL;
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->rows[i].code, code))
			return &t->rows[i];
	return NULL;
}

/* text without surrounding ASCII blanks and U+3000 (ideographic space): [*s, *e) */
static void trim(const char *text, const char **s, const char **e)
{
	const char *a = text, *b = text + strlen(text);
	for (;;) {
		if (a < b && (*a == ' ' || *a == '\t'))
			a++;
		else if (b - a >= 3 && !memcmp(a, "\xE3\x80\x80", 3))
			a += 3;
		else
			break;
	}
	for (;;) {
		if (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		else if (b - a >= 3 && !memcmp(b - 3, "\xE3\x80\x80", 3))
			b -= 3;
		else
			break;
	}
	*s = a;
	*e = b;
}

static bool span_eq_ci(const char *s, const char *e, const char *want)
{
	size_t n = strlen(want);
	if ((size_t)(e - s) != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char a = s[i], b = want[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}

static const division *find(const division_table *t, const char *text, bool city)
{
	if (t == NULL || text == NULL)
		return NULL;
	const char *s, *e;
	trim(text, &s, &e);
	if (s == e)
		return NULL;
	for (size_t i = 0; i < t->n; i++) {
		const division *d = &t->rows[i];
		bool level_ok = city
		                    ? d->level == DIVISION_CITY || division_is_municipality(d->code)
		                    : d->level == DIVISION_PROVINCE;
		if (!level_ok)
			continue;
		if (text_span_is(s, e, d->code) || text_span_is(s, e, d->name) ||
		    text_span_is(s, e, d->short_name) || span_eq_ci(s, e, d->name_en)) {
			if (!city)
				return d;
			char cur[DIVISION_CODE_LEN + 1];
			division_current_city(d->code, cur);
			return division_by_code(t, cur);
		}
	}
	return NULL;
}

const division *division_find_province(const division_table *t, const char *text)
{
	return find(t, text, false);
}

const division *division_find_city(const division_table *t, const char *text)
{
	return find(t, text, true);
}

const division *division_city_mentioned(const division_table *t, const char *text)
{
	if (t == NULL || text == NULL)
		return NULL;
	const char *s, *e;
	trim(text, &s, &e);
	for (size_t i = 0; i < t->n; i++) {
		const division *d = &t->rows[i];
		if (d->level != DIVISION_CITY && !division_is_municipality(d->code))
			continue;
		size_t n = strlen(d->short_name), m = strlen(d->name_en);
		if ((size_t)(e - s) > n && !memcmp(s, d->short_name, n))
			return d;
		/* "Jinan High-tech Zone", not "Jinanfu" */
		if ((size_t)(e - s) > m && span_eq_ci(s, s + m, d->name_en) &&
		    (s[m] == ' ' || s[m] == '-' || s[m] == ','))
			return d;
	}
	return NULL;
}

bool division_is_municipality(const char *code)
{
	static const char *const M[] = {"110000", "120000", "310000", "500000", "810000", "820000"};
	if (code == NULL)
		return false;
	for (size_t i = 0; i < sizeof M / sizeof *M; i++)
		if (!strcmp(code, M[i]))
			return true;
	return false;
}

void division_current_city(const char *code, char out[DIVISION_CODE_LEN + 1])
{
	out[0] = '\0';
	if (code == NULL)
		return;
	for (size_t i = 0; i < sizeof SUCCESSORS / sizeof *SUCCESSORS; i++) {
		if (!strcmp(code, SUCCESSORS[i].code)) {
			memcpy(out, SUCCESSORS[i].successor, DIVISION_CODE_LEN + 1);
			return;
		}
	}
	size_t n = strnlen(code, DIVISION_CODE_LEN);
	memcpy(out, code, n);
	out[n] = '\0';
}

bool division_in_province(const char *city_code, const char *province_code)
{
	return is_code(city_code) && is_code(province_code) && !strcmp(province_code + 2, "0000") &&
	       !memcmp(city_code, province_code, 2);
}

int division_of_credit_code(const char *credit_code, char city[DIVISION_CODE_LEN + 1],
                            char province[DIVISION_CODE_LEN + 1])
{
	if (credit_code == NULL || strnlen(credit_code, 8) < 8)
		return -1;
	for (int i = 2; i < 8; i++)
		if (credit_code[i] < '0' || credit_code[i] > '9')
			return -1;
	char c[DIVISION_CODE_LEN + 1];
	memcpy(c, credit_code + 2, 4);
	memcpy(c + 4, "00", 3);
	division_current_city(c, city);
	memcpy(province, credit_code + 2, 2);
	memcpy(province + 2, "0000", 5);
	return 0;
}

bool division_credit_code_agrees(const char *credit_code, const char *province_code,
                                 const char *city_code)
{
	char city[DIVISION_CODE_LEN + 1], province[DIVISION_CODE_LEN + 1];
	if (division_of_credit_code(credit_code, city, province) < 0 || !is_code(province_code))
		return false;
	/* a municipality is one bureau's whole territory: its districts are all one place */
	if (division_is_municipality(province_code) || !is_code(city_code))
		return !strcmp(province, province_code);
	return !strcmp(city, city_code);
}
