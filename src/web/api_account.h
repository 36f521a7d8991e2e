/* An account's own: the second log-in step, its password, sessions and second factor; the
 * administrator's reset of a second factor and the security settings. */
#ifndef BAOTU_WEB_API_ACCOUNT_H
#define BAOTU_WEB_API_ACCOUNT_H
#include "web/http.h"

int api_session_otp(req *r);           /* POST /api/v1/session/otp */
int api_session_enrol(req *r);         /* GET /api/v1/session/enrol */
int api_me_password(req *r);           /* POST /api/v1/me/password */
int api_me_sessions(req *r);           /* GET /api/v1/me/sessions */
int api_me_session_delete(req *r);     /* DELETE /api/v1/me/sessions/{id} */
int api_me_totp_get(req *r);           /* GET /api/v1/me/totp */
int api_me_totp_begin(req *r);         /* POST /api/v1/me/totp */
int api_me_totp_confirm(req *r);       /* POST /api/v1/me/totp/confirm */
int api_me_totp_disable(req *r);       /* POST /api/v1/me/totp/disable */
int api_me_recovery_codes(req *r);     /* POST /api/v1/me/recovery-codes */
int api_users_totp_reset(req *r);      /* POST /api/v1/users/{id}/totp/reset */
int api_settings_security_get(req *r); /* GET /api/v1/settings/security */
int api_settings_security_put(req *r); /* PUT /api/v1/settings/security */
#endif
