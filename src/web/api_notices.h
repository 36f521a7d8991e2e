/* JSON API of the public notice (§4.2), the public portal and register, comments, and the
 * working-day calendar. One handler per row of src/web/routes.c. */
#ifndef BAOTU_WEB_API_NOTICES_H
#define BAOTU_WEB_API_NOTICES_H
#include "web/http.h"

int api_calendar_get(req *r);          /* GET /api/v1/calendar/{year} */
int api_calendar_put(req *r);          /* PUT /api/v1/calendar/{year} */
int api_calendar_import(req *r);       /* POST /api/v1/calendar/import */
int api_public_notices_list(req *r);   /* GET /api/v1/public/notices */
int api_public_notice_get(req *r);     /* GET /api/v1/public/notices/{id} */
int api_public_comment_create(req *r); /* POST /api/v1/public/notices/{id}/comments */
int api_public_pilots(req *r);         /* GET /api/v1/public/pilots */
#endif
