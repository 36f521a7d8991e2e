/* The members' confirmations of a joint application (§3.2: 协商一致、相互认可). */
#ifndef BAOTU_APP_MEMBERS_H
#define BAOTU_APP_MEMBERS_H
#include <jansson.h>

#include "app/app_internal.h"

/* §3.2: the members confirm what will be submitted. After a change of substance (content,
 * members, a new material version) every other member's confirmation is withdrawn and the
 * changing member's own stands; *withdrawn (new, may be NULL) lists the institution ids that
 * must confirm again. Within the change's transaction. */
int project_withdraw_confirmations(store_conn *c, arena *a, const actor *who, int64_t project_id,
                                   json_t **withdrawn, err *e);
#endif
