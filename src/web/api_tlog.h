/* The public transparency log: the JSON API (docs/TRANSPARENCY.md). The use cases are in
 * src/app/tlog.c. */
#ifndef BAOTU_WEB_API_TLOG_H
#define BAOTU_WEB_API_TLOG_H
#include "web/http.h"

int api_log_head(req *r);        /* GET /api/v1/log/head */
int api_log_head_of(req *r);     /* GET /api/v1/log/heads/{size} */
int api_log_inclusion(req *r);   /* GET /api/v1/log/proof/inclusion */
int api_log_consistency(req *r); /* GET /api/v1/log/proof/consistency */
int api_log_leaves(req *r);      /* GET /api/v1/log/leaves */
int api_log_witnesses(req *r);   /* GET /api/v1/log/witnesses */
#endif
