/* Public notice and launch (§4.2): the notice of a project's public fields for a period of N
 * working days, the public's comments (rate-limited, length-limited, moderated), the officer's
 * classification of each comment, the applicant's response to major-risk comments, the launch
 * guard, and the public register of launched pilots and coaching projects (§3.3). */
#ifndef BAOTU_APP_NOTICES_H
#define BAOTU_APP_NOTICES_H
#include "app/app.h"

#define NOTICE_DAYS_SETTING "notice_working_days"
#define NOTICE_DAYS_DEFAULT 5
#define NOTICE_DAYS_MAX 60
#define COMMENT_BODY_MAX 2000
#define COMMENT_AUTHOR_MAX 100
#define COMMENT_CONTACT_MAX 200
#define COMMENT_RESPONSE_MAX 4000
#define COMMENT_RATE_LIMIT 5                     /* comments per address ... */
#define COMMENT_RATE_WINDOW_US (600 * 1000000LL) /* ... within ten minutes */

/* ---- the public portal (no log-in) ---- */

/* Open notices (project in public_notice, opens_on <= today <= closes_on), by id:
 * {"items":[notice...],"next"}. */
json_t *notice_public_list(app *ap, arena *a, int64_t after, int limit, err *e);
/* One notice (open, or of a launched pilot or coaching project) with its published comments
 * and their responses; 404 otherwise. */
json_t *notice_public_get(app *ap, arena *a, int64_t id, err *e);
/* A comment from the public: {body, author?, contact?} -> 201 {id, notice_id, status:
 * "pending"}; 409 notice_closed outside the period; 429 too_many_comments (retry_after_s)
 * beyond COMMENT_RATE_LIMIT per address per window. Only a keyed SHA-256 of the address is
 * stored; the event comment.received carries the comment and notice ids only. */
int comment_submit(app *ap, arena *a, int64_t notice_id, const json_t *body, const char *address,
                   json_t **out, err *e);
/* The register: launched pilots and coaching projects (state launched, coaching or
 * coaching_ended), track "pilot"|"coaching"|NULL for both: {"items","next"}. */
json_t *pilot_register(app *ap, arena *a, const char *track, int64_t after, int limit, err *e);

/* ---- staff and applicants ---- */

/* A project's notice and comments: {"notice": {..., "project_state"}|null, "items": [...],
 * "next", "may": {"moderate","classify","respond"}} (what the caller may do now). Staff see
 * every comment (officers and leaders with the commenter's contact); member institutions see
 * published comments and those classified major_risk, without author or contact. */
json_t *comment_list(app *ap, arena *a, const actor *who, int64_t project_id, int64_t after,
                     int limit, err *e);
/* {status: published|hidden, reason} (reason required to hide); comment.moderated. */
int comment_moderate(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                     json_t **out, err *e);
/* {classification: ordinary|major_risk, reason?}, only while the project is in public notice;
 * comment.classified. */
int comment_classify(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                     json_t **out, err *e);
/* The lead applicant's response {response, safeguards, compensation} (all three required for
 * a major_risk comment; safeguards and compensation optional otherwise), only while the
 * project is in public notice; a later response replaces it; comment.answered. */
int comment_respond(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                    json_t **out, err *e);
/* The project a comment belongs to (0 when there is no such comment). */
int comment_project_id(app *ap, arena *a, int64_t comment_id, int64_t *project_id, err *e);

/* Today in China Standard Time, "YYYY-MM-DD", from the app clock (time_now_us). */
void notice_today(char out[11]);

/* Whether s holds something other than white space (ASCII or the ideographic space). */
bool notice_text_present(const char *s);
#endif
