/* What a loader of one row answers, as store_int does: 1 when the row came back (in *r), 0 when
 * none did, -1 on error. The aggregates' files (store/institutions.c, ...) end with it:
 *     return store_found(store_q(c, a, e, r, "SELECT ... WHERE id = $1", "i", id), r); */
#ifndef BAOTU_STORE_ROW_H
#define BAOTU_STORE_ROW_H
#include "store/store.h"

static inline int store_found(int rc, store_result *const *r)
{
	return rc < 0 ? -1 : (*r)->nrows > 0;
}

#endif
