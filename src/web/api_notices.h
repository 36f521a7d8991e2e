/* JSON API of the public notice (§4.2), the public portal and register, comments, and the
 * working-day calendar. One handler per row of src/web/routes.c. */
#ifndef BAOTU_WEB_API_NOTICES_H
#define BAOTU_WEB_API_NOTICES_H
#include "web/http.h"

int api_calendar_get(req *r);
int api_calendar_put(req *r);
int api_public_notices_list(req *r);
int api_public_notice_get(req *r);
int api_public_comment_create(req *r);
int api_public_pilots(req *r);
int api_project_comments(req *r);
int api_comment_moderate(req *r);
int api_comment_classify(req *r);
int api_comment_respond(req *r);
#endif
