/* The transparency log's handlers: the public reads take their numbers from the path or the
 * query, strictly (decimal digits, at most 2^53 - 1, as a JavaScript client holds them). */
#include "web/api_tlog.h"

#include <string.h>

#include "app/tlog.h"
#include "web/api.h"

#define INT_MAX_53 9007199254740991LL

/* A whole number in TEXT (NULL: absent): 0 and *out, or -1 with 400 invalid_value naming
 * FIELD. */
static int whole(req *r, const char *text, const char *field, int64_t *out)
{
	int64_t v = 0;
	size_t n = text ? strlen(text) : 0;
	bool ok = n > 0 && n <= 16 && (n == 1 || text[0] != '0');
	for (size_t i = 0; ok && i < n; i++) {
		ok = text[i] >= '0' && text[i] <= '9';
		v = v * 10 + (text[i] - '0');
	}
	if (!ok || v > INT_MAX_53)
		return err_set(&r->e, 400, "invalid_value", field,
		               "Parameter {field} must be a whole number (0 or more, no sign).");
	*out = v;
	return 0;
}

static int query_whole(req *r, const char *name, int64_t *out)
{
	return whole(r, req_query(r, name), name, out);
}

static int answer(req *r, json_t *o)
{
	return o ? reply_json(r, 200, o) : -1;
}

int api_log_head(req *r)
{
	return answer(r, tlog_head(r->app, r->a, -1, &r->e));
}

int api_log_head_of(req *r)
{
	int64_t size;
	if (whole(r, req_param(r, "size"), "size", &size) < 0)
		return -1;
	return answer(r, tlog_head(r->app, r->a, size, &r->e));
}

int api_log_inclusion(req *r)
{
	int64_t size, index = -1;
	const char *hash = req_query(r, "leaf_hash"), *index_text = req_query(r, "leaf_index");
	if (query_whole(r, "tree_size", &size) < 0)
		return -1;
	if (index_text && hash)
		return err_set(&r->e, 400, "invalid_value", "leaf_hash",
		               "Give leaf_index or {field}, not both.");
	if (!hash && query_whole(r, "leaf_index", &index) < 0)
		return -1;
	return answer(r, tlog_inclusion(r->app, r->a, size, index, hash, &r->e));
}

int api_log_consistency(req *r)
{
	int64_t first, second;
	if (query_whole(r, "first", &first) < 0 || query_whole(r, "second", &second) < 0)
		return -1;
	return answer(r, tlog_consistency(r->app, r->a, first, second, &r->e));
}

int api_log_leaves(req *r)
{
	int64_t start, end;
	if (query_whole(r, "start", &start) < 0 || query_whole(r, "end", &end) < 0)
		return -1;
	return answer(r, tlog_leaves_get(r->app, r->a, start, end, &r->e));
}

int api_log_witnesses(req *r)
{
	return answer(r, tlog_witness_list(r->app, r->a, &r->e));
}
