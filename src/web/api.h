/* JSON API handlers (api_*.c). Each is one row of the route table. */
#ifndef BAOTU_WEB_API_H
#define BAOTU_WEB_API_H
#include "web/http.h"

int api_healthz(req *r);
int api_openapi(req *r);
int api_session_create(req *r);
int api_session_get(req *r);
int api_session_delete(req *r);
int api_users_list(req *r);
int api_users_create(req *r);
int api_users_get(req *r);
int api_users_update(req *r);
int api_users_password(req *r);
int api_institutions_list(req *r);
int api_institutions_create(req *r);
int api_institutions_get(req *r);
int api_institutions_update(req *r);
int api_institutions_delete(req *r);
int api_eligibility(req *r);
int api_institutions_ack_place_warning(req *r);
int api_places_list(req *r);
int api_places_unmapped(req *r);
int api_events(req *r);

/* Sets the session cookie (HttpOnly, SameSite=Lax) or clears it when token is NULL. */
void session_cookie(req *r, const char *token, int64_t max_age_s);
#endif
