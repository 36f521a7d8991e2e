/* What the unit test programs share: the main() that runs a file's tests, a test with the
 * file's own setup and teardown, the checks of an enumeration's ids and of a table's labels and
 * actions, reading a file of the source tree, and the check that a document holds a rendering
 * between its markers. Include it after <cmocka.h>. */
#ifndef BAOTU_TESTS_UNIT_SUPPORT_H
#define BAOTU_TESTS_UNIT_SUPPORT_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/i18n.h"

#ifndef BAOTU_SOURCE_ROOT
#error "define BAOTU_SOURCE_ROOT as the source root, e.g. -DBAOTU_SOURCE_ROOT='\"/work/main\"'"
#endif

/* A test run with the setup() and teardown() of its file, each time. */
#define FIXTURE_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

/* The program's main(): runs the tests that follow (cmocka_unit_test(fn), FIXTURE_TEST(fn),
 * ... entries) as the group NAME, with the group's own setup and teardown (NULL for none). */
#define TEST_MAIN(name, group_setup, group_teardown, ...)                                          \
	int main(void)                                                                             \
	{                                                                                          \
		const struct CMUnitTest tests_[] = {__VA_ARGS__};                                  \
		return cmocka_run_group_tests_name(name, tests_, group_setup, group_teardown);     \
	}

/* The ids of an enumeration TYPE: ID_FN names each value V as IDS[V] (an array of them all, in
 * order) and PARSE_FN reads that id back as V; ID_FN names the value OUTSIDE nothing; PARSE_FN
 * refuses each of the spellings that follow (a wrong one, NULL) with -1. A macro: each
 * enumeration has its own types of functions. */
#define assert_enum_ids(type, id_fn, parse_fn, ids, outside, ...)                                  \
	do {                                                                                       \
		for (size_t v_ = 0; v_ < sizeof(ids) / sizeof *(ids); v_++) {                      \
			type parsed_;                                                              \
			assert_string_equal(id_fn((type)v_), (ids)[v_]);                           \
			assert_int_equal(parse_fn((ids)[v_], &parsed_), 0);                        \
			assert_int_equal(parsed_, (type)v_);                                       \
		}                                                                                  \
		assert_null(id_fn((type)(outside)));                                               \
		const char *const refused_[] = {__VA_ARGS__};                                      \
		for (size_t r_ = 0; r_ < sizeof refused_ / sizeof *refused_; r_++) {               \
			type parsed_;                                                              \
			assert_int_equal(parse_fn(refused_[r_], &parsed_), -1);                    \
		}                                                                                  \
	} while (0)

/* Reads REL (a path below the source root) into DST, NUL-terminated; -1 if it cannot be read
 * or does not fit in CAP - 1 bytes. */
static inline int read_source_file(const char *rel, char *dst, size_t cap)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", BAOTU_SOURCE_ROOT, rel);
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return -1;
	size_t n = fread(dst, 1, cap - 1, f);
	int err = ferror(f) || n == cap - 1;
	fclose(f);
	if (err)
		return -1;
	dst[n] = '\0';
	return 0;
}

/* The whole of a file as a NUL-terminated string (free it), or NULL. */
static inline char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	buf_cstr(&b);
	return b.data ? buf_take(&b) : strdup("");
}

/* Asserts that the document REL (below the source root) holds exactly one BEGIN ... END block
 * and that the block is what RENDER writes; otherwise fails naming the first line that
 * differs (cmocka truncates long messages), after HINT (what to do about it). */
static inline void assert_doc_holds_rendering(const char *rel, const char *begin_mark,
                                              const char *end_mark, void (*render)(buf *),
                                              const char *hint)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", BAOTU_SOURCE_ROOT, rel);
	char *doc = slurp(path);
	if (!doc)
		fail_msg("cannot read %s", path);
	const char *begin = strstr(doc, begin_mark);
	const char *end = begin ? strstr(begin, end_mark) : NULL;
	if (!begin || !end || strstr(end + 1, begin_mark) || strstr(end + 1, end_mark)) {
		free(doc);
		fail_msg("%s must hold one %s ... %s block", path, begin_mark, end_mark);
	}
	begin += strlen(begin_mark);
	buf want = BUF_INIT;
	render(&want);
	size_t got_len = (size_t)(end - begin);
	if (got_len != want.len || memcmp(begin, want.data, want.len)) {
		const char *g = begin, *w = want.data;
		int line = 1;
		while (g < end && *w && *g == *w) {
			line += *g == '\n';
			g++;
			w++;
		}
		const char *ws = w, *gs = g;
		while (ws > want.data && ws[-1] != '\n')
			ws--;
		while (gs > begin && gs[-1] != '\n')
			gs--;
		print_error("%s\nLine %d of the block: expected\n  %.*s\nfound\n  %.*s\n", hint,
		            line, (int)strcspn(ws, "\n"), ws, (int)strcspn(gs, "\n"), gs);
		buf_free(&want);
		free(doc);
		fail();
	}
	buf_free(&want);
	free(doc);
}

/* A label every table of states, actions and kinds must have: a message id with its zh-CN
 * translation in the catalog and a non-empty English text. what names it in a failure. */
static inline void assert_translated(const char *msgid, const char *what)
{
	if (!msgid || !*msgid)
		fail_msg("%s has no label", what);
	if (!strcmp(tr(LANG_ZH, msgid), msgid))
		fail_msg("%s: no zh-CN translation of \"%s\"", what, msgid);
	if (!*tr(LANG_EN, msgid))
		fail_msg("%s: empty English label", what);
}

/* An action of a table of states and actions: an id, a label every table must have (above),
 * and some of the COUNT rows of TABLE taking it (ACT, the row's .action). A macro: each table
 * has its own types of rows and actions. */
#define assert_action_in_table(table, count, act, id, label)                                       \
	do {                                                                                       \
		assert_non_null(id);                                                               \
		assert_translated((label), (id));                                                  \
		bool used_ = false;                                                                \
		for (size_t i_ = 0; i_ < (count); i_++)                                            \
			used_ |= (table)[i_].action == (act);                                      \
		if (!used_)                                                                        \
			fail_msg("action %s is in no row", (id));                                  \
	} while (0)

#endif
