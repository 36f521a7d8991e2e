/* The public page of the transparency log: what it proves, how to check it, its latest head. */
#ifndef BAOTU_WEB_UI_TLOG_H
#define BAOTU_WEB_UI_TLOG_H
#include "web/http.h"

int ui_public_log(req *r); /* GET /public/log */
#endif
