/* JSON API of complaints about running pilots (§4.3): the public's filing and look-up, and the
 * handling by the working group and the institution. One handler per row of src/web/routes.c. */
#ifndef BAOTU_WEB_API_COMPLAINTS_H
#define BAOTU_WEB_API_COMPLAINTS_H
#include "web/http.h"

int api_public_complaint_create(req *r); /* POST /api/v1/public/complaints */
int api_public_complaint_get(req *r);    /* GET /api/v1/public/complaints/{reference} */
#endif
