/* An account's own pages: its password, sessions and second factor; the pieces of the log-in's
 * second step; the administrator's security settings. */
#ifndef BAOTU_WEB_UI_ACCOUNT_H
#define BAOTU_WEB_UI_ACCOUNT_H
#include <jansson.h>

#include "web/http.h"

int ui_account(req *r);                /* GET /account */
int ui_account_password(req *r);       /* POST /account/password */
int ui_account_session_revoke(req *r); /* POST /account/sessions/{id}/revoke */
int ui_account_totp_begin(req *r);     /* POST /account/totp */
int ui_account_totp_confirm(req *r);   /* POST /account/totp/confirm */
int ui_account_totp_disable(req *r);   /* POST /account/totp/disable */
int ui_account_recovery_codes(req *r); /* POST /account/recovery-codes */
int ui_settings_security(req *r);      /* GET /settings/security (admin) */
int ui_settings_security_save(req *r); /* POST /settings/security (admin) */
int ui_user_totp_reset_form(req *r);   /* GET /users/{id}/totp/reset (admin) */
int ui_user_totp_reset(req *r);        /* POST /users/{id}/totp/reset (admin) */

/* The new secret of an enrolment ({secret, otpauth_uri}): base32 in groups of four, the URI. */
void ui_totp_secret_box(req *r, json_t *offer);
/* The code field of a second step or an enrolment (autocomplete one-time-code). */
void ui_code_field(req *r, bool recovery_allowed);
/* The recovery codes, shown this once, with what to do with them. */
void ui_recovery_codes_box(req *r, json_t *codes);
#endif
