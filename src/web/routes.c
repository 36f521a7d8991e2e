/* Every endpoint, its roles, its handler: the one route table (rendered in docs/API.md and
 * checked against docs/openapi.json by a test). */
#include "web/routes.h"

#include <string.h>

#include "app/complaints.h"
#include "app/dossier.h"
#include "app/exchange.h"
#include "app/fault_tolerance.h"
#include "app/incidents.h"
#include "app/notices.h"
#include "app/notify.h"
#include "app/projects.h"
#include "app/review.h"
#include "app/tlog.h"
#include "web/api.h"
#include "web/api_indicators.h"
#include "web/api_evaluations.h"
#include "web/api_inspections.h"
#include "web/api_materials.h"
#include "web/api_notices.h"
#include "web/api_notify.h"
#include "web/api_projects.h"
#include "web/api_reports.h"
#include "web/api_review.h"
/* supervision: complaints and exchange */
#include "web/api_complaints.h"
#include "web/api_exchange.h"
#include "web/ui_complaints.h"
#include "web/ui_exchange.h"
#include "web/ui.h"
#include "web/ui_batches.h"
#include "web/ui_calendar.h"
#include "web/ui_dashboard.h"
#include "web/ui_indicators.h"
#include "web/ui_inbox.h"
#include "web/ui_incidents.h"
#include "web/ui_evaluations.h"
#include "web/ui_inspections.h"
#include "web/ui_institutions.h"
#include "web/ui_login.h"
#include "web/ui_notices.h"
#include "web/ui_projects.h"
#include "web/ui_public.h"
#include "web/ui_sanctions.h"
#include "web/api_sanctions.h"
#include "web/ui_reports.h"
#include "web/ui_review.h"
/* the end of a pilot (§4.4): the evaluation dossier */
#include "web/api_dossier.h"
#include "web/ui_dossier.h"
/* accounts: the second log-in factor, the owner's password and sessions */
#include "web/api_account.h"
#include "web/ui_account.h"
/* the public transparency log */
#include "web/api_tlog.h"
#include "web/ui_tlog.h"

/* Who may call a route: the sets of roles the table names more than once. */
#define PUB ROLE_ANYONE
#define ANY ROLE_ANY_USER
#define STAFF ROLE_STAFF
#define REGISTRY (ROLE_ADMIN | ROLE_OFFICER)                  /* keep the institution register */
#define READERS (ROLE_STAFF | ROLE_EXPERT | ROLE_INSTITUTION) /* read the register */
#define PLACE_KEEPERS (REGISTRY | ROLE_LEADER)                /* the places to correct (§3.1) */
#define CASE_PARTIES (ROLE_STAFF | ROLE_INSTITUTION)          /* eligibility, public comments */
#define CASEWORK (ROLE_OFFICER | ROLE_LEADER)                 /* warnings, panels, score sheets */
#define ORGANISERS (ROLE_OFFICER | ROLE_ADMIN)                /* open batches, keep the pool */
#define DECIDERS (ROLE_OFFICER | ROLE_LEADER | ROLE_ADMIN)    /* maker-checker decisions */
#define SCORE_READERS (CASEWORK | ROLE_EXPERT)
#define RECUSAL_READERS (CASEWORK | ROLE_INSTITUTION)
#define POOL_READERS (ORGANISERS | ROLE_INSTITUTION)
#define DECLARERS (ROLE_EXPERT | ROLE_INSTITUTION) /* conflicts of interest (§4.1) */
/* supervision: risk indicators (§4.3): who reads a pilot's indicators, points and alerts */
#define MONITORS (CASEWORK | ROLE_CSRC | ROLE_INSTITUTION)
/* supervision and the end of a pilot (§4.3, §4.4): the working group and the CSRC oversee
 * inspections, incidents, evaluations and dossiers; the institution concerned reads its own */
#define OVERSEERS (CASEWORK | ROLE_CSRC)
#define RECORD_READERS (OVERSEERS | ROLE_INSTITUTION)
#define REPORT_PARTIES (CASEWORK | ROLE_INSTITUTION) /* a project's reports (§4.3.2) */
#define RECORDERS (ROLE_OFFICER | ROLE_INSTITUTION)  /* incidents, losses, exit evidence */
#define EVALUATION_OPENERS (ROLE_OFFICER | ROLE_CSRC)
#define WEBHOOK_KEEPERS (ROLE_INSTITUTION | ROLE_ADMIN) /* an admin keeps them all */

/* The kinds of route: a JSON endpoint, a page or a static file (route.kind), and how it
 * differs from the usual: its flags (routes.h) and a body cap larger than --max-body. */
#define API ROUTE_API, 0, 0
#define API_PROJECT ROUTE_API, ROUTE_PROJECT, 0
#define API_LOGIN ROUTE_API, ROUTE_NO_CSRF | ROUTE_NO_IDEMPOTENCY, 0
#define API_NO_REPLAY ROUTE_API, ROUTE_NO_IDEMPOTENCY, 0
#define API_UPLOAD ROUTE_API, ROUTE_PROJECT, MATERIALS_MAX_BODY
/* supervision: risk indicators (§4.3): the ingestion takes an API token and 10,000 points; a
 * token's creation answers its secret, which no Idempotency-Key record may keep */
#define API_INGEST ROUTE_API, ROUTE_PROJECT | ROUTE_API_TOKEN, INDICATORS_MAX_BODY
#define API_SECRET ROUTE_API, ROUTE_PROJECT | ROUTE_NO_IDEMPOTENCY, 0
#define UI ROUTE_UI, 0, 0
#define UI_PROJECT ROUTE_UI, ROUTE_PROJECT, 0
#define UI_LOGIN ROUTE_UI, ROUTE_NO_CSRF, 0
#define UI_UPLOAD ROUTE_UI, ROUTE_PROJECT, MATERIALS_MAX_BODY
#define UI_CALENDAR_FILE ROUTE_UI, 0, CALENDAR_IMPORT_MAX_BODY
/* files with a write on a record of its own (a message, a report, an answer, evidence) */
#define API_ATTACH ROUTE_API, 0, MATERIALS_MAX_BODY
#define UI_ATTACH ROUTE_UI, 0, MATERIALS_MAX_BODY
#define STATIC ROUTE_STATIC, 0, 0

/* A JSON route bound to its use case (routes.h): the adapter of web/api.h its row names, and
 * what it passes. .handler comes last, so that the row's summary follows it. */
#define BIND(...) .bind = &(const api_bind){__VA_ARGS__}, .handler = api_bound
#define READ(f, rep) BIND(.kind = BIND_READ, .read = f, .reply = rep)
#define PAGE(f, rep) BIND(.kind = BIND_PAGE, .page = f, .reply = rep)
#define FILTERED(f, q, rep) BIND(.kind = BIND_FILTERED, .filtered = f, .param = q, .reply = rep)
#define SUB_PAGE(f, by, q, rep)                                                                    \
	BIND(.kind = BIND_SUB_PAGE, .sub_page = f, .by_id = by, .param = q, .reply = rep)
#define ID_PAGE(f, rep) BIND(.kind = BIND_ID_PAGE, .id_page = f, .reply = rep)
#define CREATE(f, loc, rep) BIND(.kind = BIND_CREATE, .create = f, .location = loc, .reply = rep)
#define CREATE_UNDER(f, loc, rep)                                                                  \
	BIND(.kind = BIND_CREATE_UNDER, .change = f, .location = loc, .reply = rep)
#define CHANGE(f, st, rep) BIND(.kind = BIND_CHANGE, .change = f, .status = st, .reply = rep)
#define CHANGE_OPT(f, st, rep)                                                                     \
	BIND(.kind = BIND_CHANGE_OPT, .change = f, .status = st, .reply = rep)
#define CHANGE_VISIBLE(vis, f, opt, st, rep)                                                       \
	BIND(.kind = BIND_CHANGE_VISIBLE, .visible = vis, .change = f, .body_optional = opt,       \
	     .status = st, .reply = rep)
/* A write on an inspection, an incident or an evaluation ({id}): whether the caller may see it
 * is asked before its body is read, so that someone who may not learns nothing from how the
 * body is judged; opt: {} when no body is sent. */
#define INSPECTION_CHANGE(f, opt) CHANGE_VISIBLE(inspection_check_visible, f, opt, 200, reply_json)
#define INCIDENT_CHANGE(f, opt) CHANGE_VISIBLE(incident_check_visible, f, opt, 200, reply_json)
#define EVALUATION_CHANGE(f) CHANGE_VISIBLE(evaluation_check_visible, f, false, 200, reply_json)

/* A row: method, pattern, who may call it, its kind, the handler (or its binding), a one-line
 * summary. */
// clang-format off
const route routes[] = {
	/* JSON API */
	{"GET", "/healthz", PUB, API, api_healthz, "Liveness: {\"status\":\"ok\", \"scheduler\": its last run}"},
	{"GET", "/api/v1/openapi.json", PUB, API, api_openapi, "This API's OpenAPI 3.1 document"},
	{"POST", "/api/v1/session", PUB, API_LOGIN, api_session_create, "Log in: a bearer token and a session cookie"},
	{"GET", "/api/v1/session", ANY, API, api_session_get, "The logged-in user and the CSRF token"},
	{"DELETE", "/api/v1/session", ANY, API_NO_REPLAY, api_session_delete, "Log out"},
	/* accounts: the second log-in step, the owner's password, sessions and second factor */
	{"POST", "/api/v1/session/otp", PUB, API_LOGIN, api_session_otp, "Log in, second step: a TOTP or recovery code (or an enrolment's first code)"},
	{"GET", "/api/v1/session/enrol", PUB, API, api_session_enrol, "Log in, enrolment: the new TOTP secret, shown once"},
	{"POST", "/api/v1/me/password", ANY, API_NO_REPLAY, api_me_password, "Change one's own password (the old one required; ends one's other sessions)"},
	{"GET", "/api/v1/me/sessions", ANY, API, api_me_sessions, "One's own sessions"},
	{"DELETE", "/api/v1/me/sessions/{id}", ANY, API_NO_REPLAY, api_me_session_delete, "End one of one's own sessions"},
	{"GET", "/api/v1/me/totp", ANY, API, api_me_totp_get, "One's second factor: enrolled, required, recovery codes left"},
	{"POST", "/api/v1/me/totp", ANY, API_NO_REPLAY, api_me_totp_begin, "Start a TOTP enrolment: a new secret, shown once"},
	{"POST", "/api/v1/me/totp/confirm", ANY, API_NO_REPLAY, api_me_totp_confirm, "Confirm a TOTP enrolment with a code: the recovery codes, shown once"},
	{"POST", "/api/v1/me/totp/disable", ANY, API_NO_REPLAY, api_me_totp_disable, "Remove one's second factor (the password required; not when required)"},
	{"POST", "/api/v1/me/recovery-codes", ANY, API_NO_REPLAY, api_me_recovery_codes, "New recovery codes, the old ones void"},
	{"POST", "/api/v1/users/{id}/totp/reset", ROLE_ADMIN, API_NO_REPLAY, api_users_totp_reset, "Remove a user's second factor, with a reason (ends their sessions)"},
	{"GET", "/api/v1/settings/security", ROLE_ADMIN, API, api_settings_security_get, "Whether staff must log in with a second factor"},
	{"PUT", "/api/v1/settings/security", ROLE_ADMIN, API, api_settings_security_put, "Require a second factor of staff, or not"},
	{"GET", "/api/v1/users", ROLE_ADMIN, API, api_users_list, "List user accounts"},
	{"POST", "/api/v1/users", ROLE_ADMIN, API_NO_REPLAY, api_users_create, "Create a user account"},
	{"GET", "/api/v1/users/{id}", ROLE_ADMIN, API, api_users_get, "One user account"},
	{"PATCH", "/api/v1/users/{id}", ROLE_ADMIN, API, api_users_update, "Change a user's role, name, institution or active flag"},
	{"POST", "/api/v1/users/{id}/password", ROLE_ADMIN, API_NO_REPLAY, api_users_password, "Set a user's password (ends their sessions)"},
	{"GET", "/api/v1/institutions", READERS, API, api_institutions_list, "List institutions (an institution user sees its own)"},
	{"POST", "/api/v1/institutions", REGISTRY, API, CREATE(institution_create, "/api/v1/institutions", reply_institution), "Register an institution"},
	{"GET", "/api/v1/institutions/{id}", READERS, API, READ(institution_get, reply_institution), "One institution"},
	{"PATCH", "/api/v1/institutions/{id}", REGISTRY, API, CHANGE(institution_update, 200, reply_institution), "Change an institution"},
	{"DELETE", "/api/v1/institutions/{id}", REGISTRY, API, api_institutions_delete, "Remove an institution that has no accounts (kept in its events)"},
	{"POST", "/api/v1/institutions/{id}/place-warning/acknowledge", CASEWORK, API, CHANGE(institution_acknowledge_place_warning, 200, reply_institution), "Acknowledge an institution's credit-code place warning, with a reason (§3.1)"},
	{"GET", "/api/v1/places", ANY, API, api_places_list, "The administrative divisions places are judged by (§3.1)"},
	{"GET", "/api/v1/places/unmapped", PLACE_KEEPERS, API, api_places_unmapped, "Institutions whose places are not divisions (§3.1)"},
	{"POST", "/api/v1/eligibility", CASE_PARTIES, API, api_eligibility, "Check an application's applicants against §3"},
	{"GET", "/api/v1/events", ANY, API, FILTERED(events_list, "subject", reply_json), "A subject's history (?subject=TYPE:ID), filtered by role"},
	/* admission: projects and workflow */
	{"GET", "/api/v1/workflow", ANY, API, api_workflow, "The workflow table: every transition, its roles, guard and clause"},
	{"GET", "/api/v1/projects", ANY, API, FILTERED(project_list, "state", reply_json), "Projects the caller may see (?state=)"},
	{"POST", "/api/v1/projects", ROLE_INSTITUTION, API, CREATE(project_create, "/api/v1/projects", reply_json), "Draft a project (application)"},
	{"GET", "/api/v1/projects/{id}", ANY, API, api_projects_get, "A project with its members, state and the caller's next actions"},
	{"PATCH", "/api/v1/projects/{id}", ROLE_INSTITUTION, API_PROJECT, CHANGE(project_update, 200, reply_json), "Change a draft or returned application"},
	{"POST", "/api/v1/projects/{id}/actions/{action}", ANY, API_PROJECT, api_projects_action, "Take a workflow action (proposes it when it needs approval)"},
	{"POST", "/api/v1/projects/{id}/metrics", ROLE_INSTITUTION, API_INGEST, api_metrics_post, "Send risk-indicator points (an API token or the lead's session), or a month's live-business figures"},
	{"GET", "/api/v1/decisions", DECIDERS, API, FILTERED(decision_list, "status", reply_json), "Decisions (?status=pending is the leader's queue)"},
	{"GET", "/api/v1/decisions/{id}", DECIDERS, API, READ(decision_get, reply_json), "One decision"},
	{"POST", "/api/v1/decisions/{id}/approve", ROLE_LEADER, API, api_decisions_approve, "Approve a proposed decision (another person than its proposer)"},
	{"POST", "/api/v1/decisions/{id}/reject", ROLE_LEADER, API, api_decisions_reject, "Reject a proposed decision"},
	/* admission: materials */
	{"POST", "/api/v1/projects/{id}/materials", ROLE_INSTITUTION, API_UPLOAD, api_materials_upload, "Upload a material (multipart: kind, file); a new version of its kind"},
	{"GET", "/api/v1/projects/{id}/materials", ANY, API, READ(material_list, reply_json), "A project's materials: the latest of each kind, every version, what is missing"},
	{"GET", "/api/v1/projects/{id}/materials/{mid}", ANY, API, api_materials_get, "Download one version (logged when the reader is not an applicant)"},
	/* admission: batches and expert review */
	{"GET", "/api/v1/batches", STAFF, API, PAGE(batch_list, reply_figures), "Batches (calls for applications)"},
	{"POST", "/api/v1/batches", ORGANISERS, API, CREATE(batch_create, "/api/v1/batches", reply_figures), "Open a batch with its dates and scoring weights"},
	{"GET", "/api/v1/batches/{id}", STAFF, API, READ(batch_get, reply_figures), "A batch with its projects and their ranking"},
	{"PATCH", "/api/v1/batches/{id}", ORGANISERS, API, CHANGE(batch_update, 200, reply_figures), "Change a batch (its weights only before the first score)"},
	{"GET", "/api/v1/batches/{id}/scores.xlsx", CASEWORK, API, api_batches_scores_xlsx, "The batch's ranking and score sheets as a spreadsheet"},
	{"GET", "/api/v1/experts", POOL_READERS, API, PAGE(expert_list, reply_figures), "The expert pool (applicants: active experts' names, affiliations, fields)"},
	{"POST", "/api/v1/experts", ORGANISERS, API, CREATE(expert_add, NULL, reply_figures), "Add a user with role expert to the pool"},
	{"GET", "/api/v1/projects/{id}/assignments", CASEWORK, API, READ(assignment_list, reply_figures), "A project's experts, their conflicts of interest and sheets"},
	{"POST", "/api/v1/projects/{id}/assignments", ROLE_OFFICER, API_PROJECT, CHANGE(assignment_add, 201, reply_figures), "Assign an expert (a conflict by institution is detected)"},
	{"DELETE", "/api/v1/projects/{id}/assignments/{expert_id}", ROLE_OFFICER, API_PROJECT, api_assignments_delete, "Withdraw an expert who has not scored"},
	{"POST", "/api/v1/projects/{id}/conflicts", DECLARERS, API_PROJECT, CHANGE(conflict_declare, 201, reply_figures), "The expert declares a conflict of interest; the lead applicant asks, until scoring opens, that an expert not review it"},
	{"GET", "/api/v1/projects/{id}/recusal-requests", RECUSAL_READERS, API, READ(recusal_list, reply_figures), "The applicant's recusal requests and their outcomes"},
	{"POST", "/api/v1/projects/{id}/recusal-requests/{request_id}/grant", ROLE_OFFICER, API_PROJECT, api_recusals_grant, "Grant a recusal request: it becomes a conflict of interest"},
	{"POST", "/api/v1/projects/{id}/recusal-requests/{request_id}/deny", ROLE_OFFICER, API_PROJECT, api_recusals_deny, "Deny a recusal request"},
	{"POST", "/api/v1/projects/{id}/exclusions", ROLE_OFFICER, API_PROJECT, CHANGE(sheet_exclude, 201, reply_figures), "Exclude a submitted score sheet from the figures, with a reason"},
	{"PUT", "/api/v1/projects/{id}/scores", ROLE_EXPERT, API_PROJECT, CHANGE(score_submit, 201, reply_figures), "Submit the calling expert's score sheet (final)"},
	{"GET", "/api/v1/projects/{id}/scores", SCORE_READERS, API, READ(score_list, reply_figures), "A project's score sheets and statistics"},
	{"GET", "/api/v1/reviews", ROLE_EXPERT, API, PAGE(review_queue, reply_figures), "The calling expert's assigned projects"},
	/* admission: public notice, comments and the public register */
	{"GET", "/api/v1/public/notices", PUB, API, api_public_notices_list, "Open public notices (§4.2), no log-in"},
	{"GET", "/api/v1/public/notices/{id}", PUB, API, api_public_notice_get, "One public notice with its published comments, no log-in"},
	{"POST", "/api/v1/public/notices/{id}/comments", PUB, API, api_public_comment_create, "Comment on an open notice (rate-limited, moderated), no log-in"},
	{"GET", "/api/v1/public/pilots", PUB, API, api_public_pilots, "The public register of launched pilots and coaching projects"},
	{"GET", "/api/v1/projects/{id}/comments", CASE_PARTIES, API, ID_PAGE(comment_list, reply_json), "A project's notice and public comments"},
	{"POST", "/api/v1/comments/{id}/moderate", ROLE_OFFICER, API, CHANGE(comment_moderate, 200, reply_json), "Publish or hide a public comment"},
	{"POST", "/api/v1/comments/{id}/classify", ROLE_OFFICER, API, CHANGE(comment_classify, 200, reply_json), "Classify a comment: ordinary or major_risk"},
	{"POST", "/api/v1/comments/{id}/response", ROLE_INSTITUTION, API, CHANGE(comment_respond, 200, reply_json), "The lead applicant's response, with safeguards and compensation"},
	/* admission: calendar */
	{"GET", "/api/v1/calendar/{year}", ANY, API, api_calendar_get, "A year of the working-day calendar"},
	{"PUT", "/api/v1/calendar/{year}", ROLE_ADMIN, API, api_calendar_put, "Replace a year's holidays and make-up working days"},
	{"GET", "/api/v1/dashboard", ANY, API, api_dashboard, "What needs the caller's action, most urgent first (§4.3)"},
	{"POST", "/api/v1/calendar/import", ROLE_ADMIN, API, api_calendar_import, "Import the official schedule: one or more years as a CSV in the shipped file's format"},
	/* supervision: risk indicators, API tokens, metrics, alerts (§4.3) */
	{"GET", "/api/v1/projects/{id}/indicators", MONITORS, API, READ(indicator_list, reply_values), "A live pilot's risk indicators: thresholds, last value, level"},
	{"POST", "/api/v1/projects/{id}/indicators", CASEWORK, API_PROJECT, CHANGE(indicator_create, 201, reply_values), "Add a custom risk indicator to a live pilot"},
	{"PATCH", "/api/v1/projects/{id}/indicators/{key}", CASEWORK, API_PROJECT, api_indicators_change, "Change a risk indicator's thresholds, name or staleness interval, with a reason"},
	{"GET", "/api/v1/projects/{id}/metrics", MONITORS, API_PROJECT, api_metrics_list, "An indicator's points (?indicator=&from=&to=&after=&limit=), keyset on time"},
	{"GET", "/api/v1/projects/{id}/alerts", MONITORS, API, SUB_PAGE(alert_list, true, "status", reply_values), "A pilot's alerts (?status=open|acknowledged|resolved), the newest first"},
	{"POST", "/api/v1/alerts/{id}/acknowledge", CASEWORK, API, CHANGE(alert_acknowledge, 200, reply_values), "Acknowledge an open alert, with a reason"},
	{"POST", "/api/v1/alerts/{id}/resolve", CASEWORK, API, CHANGE(alert_resolve, 200, reply_values), "Resolve an alert, with a reason"},
	{"GET", "/api/v1/projects/{id}/tokens", ROLE_INSTITUTION, API, ID_PAGE(api_token_list, reply_json), "The lead institution's ingestion tokens of a pilot (no secrets)"},
	{"POST", "/api/v1/projects/{id}/tokens", ROLE_INSTITUTION, API_SECRET, CHANGE(api_token_create, 201, reply_json), "Create an ingestion token: its secret is shown once"},
	{"DELETE", "/api/v1/projects/{id}/tokens/{token_id}", ROLE_INSTITUTION, API_PROJECT, api_tokens_revoke, "Revoke an ingestion token"},
	/* supervision: complaints (§4.3) and information exchange (§4.3.1) */
#define COMPLAINT_PARTIES (CASEWORK | ROLE_INSTITUTION) /* handle a project's complaints */
#define COMPLAINT_READERS (COMPLAINT_PARTIES | ROLE_CSRC)   /* and the CSRC, escalated to it */
#define SITUATION_READERS (CASEWORK | ROLE_CSRC)            /* reports to the CSRC */
#define EXCHANGE (CASEWORK | ROLE_INSTITUTION)              /* threads with the institutions */
	{"POST", "/api/v1/public/complaints", PUB, API, api_public_complaint_create, "File a complaint about a running pilot (rate-limited), no log-in"},
	{"GET", "/api/v1/public/complaints/{reference}", PUB, API, api_public_complaint_get, "The complainant's look-up with X-Complaint-Secret: status, deadline, answers"},
	{"GET", "/api/v1/projects/{id}/complaints", COMPLAINT_PARTIES, API, SUB_PAGE(complaint_list_project, true, "status", reply_json), "A project's complaints (?status=)"},
	{"POST", "/api/v1/projects/{id}/complaints", ROLE_INSTITUTION, API_PROJECT, CHANGE(complaint_record, 201, reply_json), "Record a complaint the institution received (the lead applicant)"},
	{"GET", "/api/v1/projects/{id}/complaints/stats", COMPLAINT_PARTIES, API, READ(complaint_stats, reply_figures), "A project's complaint figures: by status, overdue, median days to resolve"},
	{"GET", "/api/v1/complaints", SITUATION_READERS, API, FILTERED(complaint_list, "status", reply_json), "Complaints (?status=): every one for the working group, those escalated to it for the CSRC"},
	{"GET", "/api/v1/complaints/{id}", COMPLAINT_READERS, API, READ(complaint_get, reply_json), "One complaint with its notes and what the caller may do"},
	{"POST", "/api/v1/complaints/{id}/notes", COMPLAINT_PARTIES, API, CHANGE(complaint_note, 201, reply_json), "A handling note, or an answer to the complainant"},
	{"POST", "/api/v1/complaints/{id}/forward", CASEWORK, API, CHANGE_OPT(complaint_forward, 200, reply_json), "Share the complainant's name with the institution"},
	{"POST", "/api/v1/complaints/{id}/resolve", COMPLAINT_PARTIES, API, CHANGE(complaint_resolve, 200, reply_json), "Resolve a complaint, with the resolution"},
	{"POST", "/api/v1/complaints/{id}/escalate", COMPLAINT_PARTIES, API, CHANGE(complaint_escalate, 200, reply_json), "Escalate a complaint to the working group, the leader or the CSRC"},
	{"GET", "/api/v1/threads", EXCHANGE, API, api_threads_list, "Message threads the caller may read, the newest first, with unread counts"},
	{"GET", "/api/v1/projects/{id}/threads", EXCHANGE, API, ID_PAGE(thread_list, reply_json), "A project's message threads with unread counts"},
	{"POST", "/api/v1/projects/{id}/threads", EXCHANGE, API_PROJECT, CREATE_UNDER(thread_create, "/api/v1/threads", reply_json), "Start a thread with its first message"},
	{"GET", "/api/v1/threads/{id}", EXCHANGE, API, READ(thread_get, reply_json), "One thread"},
	{"GET", "/api/v1/threads/{id}/messages", EXCHANGE, API, ID_PAGE(message_list, reply_json), "A thread's messages with their files and read receipts"},
	{"POST", "/api/v1/threads/{id}/messages", EXCHANGE, API_ATTACH, api_thread_message_create, "Write a message (JSON, or multipart with up to 5 files)"},
	{"POST", "/api/v1/threads/{id}/read", EXCHANGE, API, CHANGE_OPT(thread_mark_read, 200, reply_json), "Record the caller's read receipts for a thread's messages"},
	{"GET", "/api/v1/threads/{id}/attachments/{aid}", EXCHANGE, API, api_thread_attachment, "Download a message's file"},
	{"GET", "/api/v1/situations", SITUATION_READERS, API, FILTERED(situation_list, "status", reply_json), "Reports of new situations to the CSRC (?status=pending|acknowledged)"},
	{"POST", "/api/v1/situations", CASEWORK, API, CREATE(situation_report, "/api/v1/situations", reply_json), "Report a new situation to the CSRC"},
	{"GET", "/api/v1/situations/{id}", SITUATION_READERS, API, READ(situation_get, reply_json), "One situation report"},
	{"POST", "/api/v1/situations/{id}/acknowledge", ROLE_CSRC, API, CHANGE_OPT(situation_acknowledge, 200, reply_json), "The CSRC acknowledges a situation report"},
	/* supervision: reporting obligations (§4.3.2), notifications and the scheduler's jobs */
	{"GET", "/api/v1/projects/{id}/reporting", REPORT_PARTIES, API, READ(reporting_get, reply_json), "A supervised project's reporting obligations (its schedule)"},
	{"PUT", "/api/v1/projects/{id}/reporting", ROLE_OFFICER, API_PROJECT, CHANGE(reporting_configure, 200, reply_json), "Set which periodic reports a project owes and when they are due"},
	{"GET", "/api/v1/projects/{id}/reports", REPORT_PARTIES, API, SUB_PAGE(report_list, true, "status", reply_json), "A project's reports (?status=)"},
	{"POST", "/api/v1/projects/{id}/reports", ROLE_OFFICER, API_PROJECT, CREATE_UNDER(report_request, "/api/v1/reports", reply_json), "Request an ad-hoc report with a due date"},
	{"GET", "/api/v1/reports", CASEWORK, API, SUB_PAGE(report_list, false, "status", reply_json), "Every project's reports (?status=overdue)"},
	{"GET", "/api/v1/reports/{id}", REPORT_PARTIES, API, READ(report_get, reply_json), "A report with all its versions"},
	{"POST", "/api/v1/reports/{id}/versions", ROLE_INSTITUTION, API_ATTACH, api_reports_submit, "Submit a version of a report (JSON, or multipart with attachments)"},
	{"POST", "/api/v1/reports/{id}/accept", ROLE_OFFICER, API, api_reports_accept, "Accept the submitted version"},
	{"POST", "/api/v1/reports/{id}/request-changes", ROLE_OFFICER, API, api_reports_request_changes, "Ask for changes to the submitted version, with a reason"},
	{"GET", "/api/v1/reports/{id}/attachments/{aid}", REPORT_PARTIES, API, api_reports_attachment, "Download an attachment of a report"},
	{"GET", "/api/v1/inbox", ANY, API, api_inbox_list, "The caller's notifications (?unread=1)"},
	{"POST", "/api/v1/inbox/read-all", ANY, API, api_inbox_read_all, "Mark every notification of the caller read"},
	{"POST", "/api/v1/inbox/{id}/read", ANY, API, api_inbox_read, "Mark a notification read"},
	{"PUT", "/api/v1/account/email", ANY, API, api_account_email, "Set or remove the caller's e-mail address for notifications"},
	{"GET", "/api/v1/webhooks", WEBHOOK_KEEPERS, API, PAGE(webhook_list, reply_json), "Webhooks of the caller's institution (an admin: all)"},
	{"POST", "/api/v1/webhooks", ROLE_INSTITUTION, API, CREATE(webhook_create, NULL, reply_json), "Register a webhook for the caller's institution; its signing secret is shown once"},
	{"DELETE", "/api/v1/webhooks/{id}", WEBHOOK_KEEPERS, API, api_webhooks_delete, "Remove a webhook"},
	{"GET", "/api/v1/outbox", ROLE_ADMIN, API, FILTERED(outbox_list, "status", reply_json), "E-mail and webhook deliveries (?status=dead: the dead letters)"},
	/* supervision: inspections (§4.3 item 3) and incidents (§4.3 item 4); {id} of /inspections/ and
	 * /incidents/ is checked before the body, in the handlers; answers and evidence are uploads */
	{"GET", "/api/v1/inspections", OVERSEERS, API, SUB_PAGE(inspection_list, false, "state", reply_json), "Every project's inspections (?state=): the working group's, or those the CSRC arranged"},
	{"GET", "/api/v1/projects/{id}/inspections", RECORD_READERS, API, SUB_PAGE(inspection_list, true, "state", reply_json), "A project's inspections (an institution: the notified ones)"},
	{"POST", "/api/v1/projects/{id}/inspections", ROLE_OFFICER, API_PROJECT, CREATE_UNDER(inspection_plan, "/api/v1/inspections", reply_json), "Plan an inspection of a supervised project: mode, scope, team, dates, on whose initiative"},
	{"GET", "/api/v1/inspections/{id}", RECORD_READERS, API, READ(inspection_get, reply_json), "An inspection with its requests, findings, rectifications and files"},
	{"POST", "/api/v1/inspections/{id}/notify", ROLE_OFFICER, API, INSPECTION_CHANGE(inspection_notify, true), "Notify the institution: from now on its members see the inspection"},
	{"POST", "/api/v1/inspections/{id}/document-requests", ROLE_OFFICER, API, INSPECTION_CHANGE(inspection_request_documents, false), "Request documents, with a deadline"},
	{"POST", "/api/v1/inspections/{id}/document-requests/{request_id}/answer", ROLE_INSTITUTION, API_ATTACH, api_inspections_answer, "Answer a document request (multipart: text, files, the attestation)"},
	{"POST", "/api/v1/inspections/{id}/findings", ROLE_OFFICER, API, INSPECTION_CHANGE(inspection_record_finding, false), "Record a finding with its severity"},
	{"POST", "/api/v1/inspections/{id}/rectifications", ROLE_OFFICER, API, INSPECTION_CHANGE(inspection_order_rectification, false), "Order a rectification of a finding, with a deadline"},
	{"POST", "/api/v1/inspections/{id}/rectifications/{order_id}/evidence", ROLE_INSTITUTION, API_ATTACH, api_inspections_evidence, "Submit rectification evidence (multipart: text, files, the attestation)"},
	{"POST", "/api/v1/inspections/{id}/rectifications/{order_id}/verify", ROLE_OFFICER, API, api_inspections_verify, "Verify rectification evidence: accept it or send it back"},
	{"POST", "/api/v1/inspections/{id}/close", ROLE_LEADER, API, INSPECTION_CHANGE(inspection_close, false), "Close an inspection once every rectification is accepted (a leader)"},
	{"GET", "/api/v1/inspections/{id}/files/{file_id}", RECORD_READERS, API, api_inspections_file, "Download a file of an answer or of evidence"},
	{"GET", "/api/v1/incidents", OVERSEERS, API, SUB_PAGE(incident_list, false, "status", reply_json), "Incidents (?status=): the working group's every one, the CSRC's those reported to it"},
	{"GET", "/api/v1/projects/{id}/incidents", RECORD_READERS, API, SUB_PAGE(incident_list, true, "status", reply_json), "A project's incidents (the CSRC: those reported to it)"},
	{"POST", "/api/v1/projects/{id}/incidents", RECORDERS, API_PROJECT, CREATE_UNDER(incident_open, "/api/v1/incidents", reply_json), "Report an incident (the lead institution) or record one (an officer)"},
	{"GET", "/api/v1/incidents/{id}", RECORD_READERS, API, READ(incident_get, reply_json), "An incident with its reports, guidance and loss records"},
	{"POST", "/api/v1/incidents/{id}/reports", ROLE_INSTITUTION, API, INCIDENT_CHANGE(incident_report, false), "The institution's initial report, an update or the final report"},
	{"POST", "/api/v1/incidents/{id}/guidance", CASEWORK, API, INCIDENT_CHANGE(incident_guide, false), "The working group's guidance"},
	{"POST", "/api/v1/incidents/{id}/losses", RECORDERS, API, INCIDENT_CHANGE(incident_record_loss, false), "Record the loss and compensation as they stand"},
	{"POST", "/api/v1/incidents/{id}/csrc-report", CASEWORK, API, INCIDENT_CHANGE(incident_report_to_csrc, false), "Report the handling and its result to the CSRC"},
	{"POST", "/api/v1/incidents/{id}/acknowledge", ROLE_CSRC, API, INCIDENT_CHANGE(incident_acknowledge, true), "The CSRC acknowledges the working group's report"},
	/* the end of a pilot (§4.4, §5.1): stage evaluation and recognitions; {id} of /evaluations/ is an evaluation */
	{"GET", "/api/v1/evaluations", OVERSEERS, API, SUB_PAGE(evaluation_list, false, "status", reply_json), "Every stage evaluation, open ones first (?status=open|concluded)"},
	{"GET", "/api/v1/projects/{id}/evaluations", RECORD_READERS, API, SUB_PAGE(evaluation_list, true, "status", reply_json), "A project's stage evaluations (an institution: the concluded ones)"},
	{"POST", "/api/v1/projects/{id}/evaluations", EVALUATION_OPENERS, API_PROJECT, CREATE_UNDER(evaluation_open, "/api/v1/evaluations", reply_json), "Open a stage evaluation of a launched pilot (§4.4)"},
	{"GET", "/api/v1/evaluations/{id}", RECORD_READERS, API, READ(evaluation_get, reply_json), "A stage evaluation: staff with the score sheets, commitments, hypothesis and concurrence; an institution the concluded outcome and summary"},
	{"PUT", "/api/v1/evaluations/{id}/scores", OVERSEERS, API, EVALUATION_CHANGE(evaluation_scores_put), "The caller's side's score sheet: every criterion 1-5 with a comment"},
	{"PUT", "/api/v1/evaluations/{id}/commitments", OVERSEERS, API, EVALUATION_CHANGE(evaluation_commitments_put), "Judge every commitment of the application: kept or broken, with evidence"},
	{"PUT", "/api/v1/evaluations/{id}/hypothesis", OVERSEERS, API, EVALUATION_CHANGE(evaluation_hypothesis_put), "Judge the hypothesis and every success measure"},
	{"POST", "/api/v1/evaluations/{id}/concurrence", ROLE_CSRC, API, EVALUATION_CHANGE(evaluation_concur), "The CSRC concurs in an outcome of the evaluation"},
	{"GET", "/api/v1/public/recognitions", PUB, API, api_public_recognitions, "The register of recognitions of pilots in regular operation (§5.1), no log-in"},
	/* the end of a pilot (§4.4): the evaluation dossier (the working group's and the CSRC's) */
	{"GET", "/api/v1/projects/{id}/dossier", OVERSEERS, API, READ(dossier_compile, reply_values), "A supervised or ended pilot's evaluation dossier: cover, application, boundaries, records, decisions, manifest"},
	{"GET", "/api/v1/projects/{id}/dossier.xlsx", OVERSEERS, API, READ(dossier_compile, reply_dossier_xlsx), "The evaluation dossier as a spreadsheet, a sheet per part"},
	/* the end of a pilot (§4.4), part C: sanctions, exit, the public register's exits */
	{"GET", "/api/v1/projects/{id}/sanctions", RECORD_READERS, API, ID_PAGE(sanction_list, reply_json), "A pilot's sanctions: suspension, resumption, stop, administrative measures, referrals (§4.4)"},
	{"GET", "/api/v1/projects/{id}/exit", RECORD_READERS, API, READ(exit_get, reply_json), "A pilot's exit application, its exit and the checklist with its evidence (§4.4)"},
	{"PUT", "/api/v1/projects/{id}/exit/items/{item}", RECORDERS, API_PROJECT, api_exit_item_evidence, "Give an item of the exit checklist its evidence (lead institution or officer, while exiting)"},
	{"GET", "/api/v1/public/exits", PUB, API, PAGE(public_exits, reply_json), "The exit announcements: every pilot's exit, its checklist's progress and complaint channel, no log-in"},
	/* the public transparency log (docs/TRANSPARENCY.md) */
	{"GET", "/api/v1/log/head", PUB, API, api_log_head, "The transparency log's latest signed tree head, with its cosignatures"},
	{"GET", "/api/v1/log/heads/{size}", PUB, API, api_log_head_of, "The signed tree head stored for one size of the log"},
	{"GET", "/api/v1/log/proof/inclusion", PUB, API, api_log_inclusion, "An inclusion proof of a leaf (?tree_size=&leaf_index= or &leaf_hash=)"},
	{"GET", "/api/v1/log/proof/consistency", PUB, API, api_log_consistency, "A consistency proof between two sizes of the log (?first=&second=)"},
	{"GET", "/api/v1/log/leaves", PUB, API, api_log_leaves, "The log's leaves from ?start= to ?end= (excluded), at most 1000"},
	{"GET", "/api/v1/log/witnesses", PUB, API, api_log_witnesses, "The witnesses registered to co-sign the log's heads"},
	{"POST", "/api/v1/log/witnesses", ROLE_ADMIN, API, CREATE(tlog_witness_add, NULL, reply_json), "Register a witness's public key"},
	{"POST", "/api/v1/log/cosignatures", ROLE_CSRC, API, CREATE(tlog_cosign, NULL, reply_json), "Submit a witness's cosignature of a stored head"},
	/* the end of a pilot (§5.2): fault tolerance; the determination is the workflow's
	 * determine_fault_tolerance */
	{"GET", "/api/v1/projects/{id}/fault-tolerance", MONITORS, API_PROJECT, SUB_PAGE(fault_tolerance_list, true, NULL, reply_json), "A project's fault-tolerance determinations (§5.2), each with its inputs, test, reasoning and override"},
	/* Web UI */
	{"GET", "/static/{file}", PUB, STATIC, ui_static, "Static assets"},
	{"GET", "/", PUB, UI, ui_home, "Home page for the caller's role"},
	{"GET", "/lang/{lang}", PUB, UI, ui_lang, "Switch the interface language"},
	{"GET", "/login", PUB, UI, ui_login_form, "Log-in page"},
	{"POST", "/login", PUB, UI_LOGIN, ui_login_submit, "Log in"},
	{"POST", "/login/otp", PUB, UI_LOGIN, ui_login_otp, "Log in, second step: a code, or an enrolment's first code"},
	{"POST", "/logout", ANY, UI, ui_logout, "Log out"},
	/* accounts: the owner's password, sessions and second factor; the security settings */
	{"GET", "/account", ANY, UI, ui_account, "My account: password, sessions, two-factor log-in"},
	{"POST", "/account/password", ANY, UI, ui_account_password, "Change my password"},
	{"POST", "/account/sessions/{id}/revoke", ANY, UI, ui_account_session_revoke, "End one of my sessions"},
	{"POST", "/account/totp", ANY, UI, ui_account_totp_begin, "Set up two-factor log-in: the secret"},
	{"POST", "/account/totp/confirm", ANY, UI, ui_account_totp_confirm, "Confirm two-factor log-in: the recovery codes"},
	{"POST", "/account/totp/disable", ANY, UI, ui_account_totp_disable, "Turn off two-factor log-in"},
	{"POST", "/account/recovery-codes", ANY, UI, ui_account_recovery_codes, "New recovery codes"},
	{"GET", "/settings/security", ROLE_ADMIN, UI, ui_settings_security, "Security settings"},
	{"POST", "/settings/security", ROLE_ADMIN, UI, ui_settings_security_save, "Save the security settings"},
	{"GET", "/users/{id}/totp/reset", ROLE_ADMIN, UI, ui_user_totp_reset_form, "Reset a user's two-factor log-in: the form"},
	{"POST", "/users/{id}/totp/reset", ROLE_ADMIN, UI, ui_user_totp_reset, "Reset a user's two-factor log-in, with a reason"},
	{"GET", "/institutions", READERS, UI, ui_institutions, "Institution register"},
	{"GET", "/institutions/new", REGISTRY, UI, ui_institution_new, "New institution form"},
	{"POST", "/institutions", REGISTRY, UI, ui_institution_create, "Register an institution"},
	{"GET", "/institutions/{id}", READERS, UI, ui_institution_show, "Institution detail and history"},
	{"GET", "/institutions/{id}/edit", REGISTRY, UI, ui_institution_edit, "Edit institution form"},
	{"POST", "/institutions/{id}", REGISTRY, UI, ui_institution_save, "Save an institution"},
	{"POST", "/institutions/{id}/place-warning/acknowledge", CASEWORK, UI, ui_institution_ack_place_warning, "Acknowledge the credit-code place warning (§3.1)"},
	{"GET", "/users", ROLE_ADMIN, UI, ui_users, "User accounts"},
	{"GET", "/eligibility", CASE_PARTIES, UI, ui_eligibility_form, "Eligibility checker"},
	{"POST", "/eligibility", CASE_PARTIES, UI, ui_eligibility_submit, "Run the eligibility checker"},
	/* ui: projects and workflow */
	{"GET", "/projects", ANY, UI, ui_projects_list, "Projects the caller may see (?state=)"},
	{"GET", "/projects/new", ROLE_INSTITUTION, UI, ui_project_new, "New application form"},
	{"POST", "/projects", ROLE_INSTITUTION, UI, ui_project_create, "Draft an application"},
	{"GET", "/projects/{id}", ANY, UI, ui_project_show, "A project: state, members, content, materials, comments, actions, history"},
	{"GET", "/projects/{id}/edit", ROLE_INSTITUTION, UI, ui_project_edit, "Edit a draft or returned application"},
	{"POST", "/projects/{id}", ROLE_INSTITUTION, UI_PROJECT, ui_project_save, "Save a draft or returned application"},
	{"POST", "/projects/{id}/actions/{action}", ANY, UI_PROJECT, ui_project_action, "Take a workflow action (proposes it when it needs approval)"},
	{"GET", "/decisions", DECIDERS, UI, ui_decisions, "The leader's queue and the settled decisions"},
	{"POST", "/decisions/{id}/approve", ROLE_LEADER, UI, ui_decision_approve, "Approve a proposed decision"},
	{"POST", "/decisions/{id}/reject", ROLE_LEADER, UI, ui_decision_reject, "Reject a proposed decision"},
	/* ui: expert review */
	{"GET", "/review", ROLE_EXPERT, UI, ui_review_list, "The expert's assigned projects"},
	{"GET", "/review/{id}", ROLE_EXPERT, UI, ui_review_show, "Score a project, or see the scores once in"},
	{"POST", "/review/{id}", ROLE_EXPERT, UI_PROJECT, ui_review_submit, "Submit the score sheet"},
	{"POST", "/review/{id}/conflict", ROLE_EXPERT, UI, ui_review_conflict, "Declare a conflict of interest"},
	{"GET", "/batches", STAFF, UI, ui_batches, "Batches, and the form to open one"},
	{"POST", "/batches", ORGANISERS, UI, ui_batch_create, "Open a batch"},
	{"GET", "/batches/{id}", STAFF, UI, ui_batch_show, "A batch: ranking, disagreement flags, export, review panels"},
	{"POST", "/projects/{id}/assignments", ROLE_OFFICER, UI_PROJECT, ui_assignment_create, "Assign an expert from a batch or project page"},
	{"POST", "/projects/{id}/recusal-requests/{request_id}/grant", ROLE_OFFICER, UI_PROJECT, ui_recusal_grant, "Grant an applicant's recusal request from a review panel"},
	{"POST", "/projects/{id}/recusal-requests/{request_id}/deny", ROLE_OFFICER, UI_PROJECT, ui_recusal_deny, "Deny an applicant's recusal request from a review panel"},
	{"POST", "/projects/{id}/exclusions", ROLE_OFFICER, UI_PROJECT, ui_exclusion_create, "Exclude a submitted score sheet, with a reason, from a review panel"},
	/* ui: public portal */
	{"GET", "/public", PUB, UI, ui_public_notices, "Open public notices"},
	{"GET", "/public/notices/{id}", PUB, UI, ui_public_notice, "A public notice with its comments and the comment form"},
	{"POST", "/public/notices/{id}/comments", PUB, UI, ui_public_comment, "Send a comment on a public notice"},
	{"GET", "/public/pilots", PUB, UI, ui_public_pilots, "The register of pilots"},
	{"GET", "/projects/{id}/comments", CASE_PARTIES, UI, ui_project_comments, "A project's public comments"},
	{"POST", "/comments/{id}/moderate", ROLE_OFFICER, UI, ui_comment_moderate, "Publish or hide a comment"},
	{"POST", "/comments/{id}/classify", ROLE_OFFICER, UI, ui_comment_classify, "Classify a comment"},
	{"POST", "/comments/{id}/response", ROLE_INSTITUTION, UI, ui_comment_respond, "Respond to a comment"},
	/* ui: calendar */
	{"GET", "/calendar", STAFF, UI, ui_calendar_current, "This year's working-day calendar"},
	{"GET", "/calendar/{year}", STAFF, UI, ui_calendar, "A year of the working-day calendar (admins edit it)"},
	{"POST", "/calendar/import", ROLE_ADMIN, UI_CALENDAR_FILE, ui_calendar_import, "Import the official schedule from a CSV file"},
	{"POST", "/calendar/{year}", ROLE_ADMIN, UI, ui_calendar_save, "Save a year of the working-day calendar"},
	/* ui: materials */
	{"POST", "/projects/{id}/materials", ROLE_INSTITUTION, UI_UPLOAD, ui_materials_upload, "Upload a material from the project page"},
	/* ui: supervision: risk indicators, alerts, API tokens (§4.3) */
	{"GET", "/projects/{id}/indicators", MONITORS, UI, ui_indicators_page, "A pilot's indicators: charts, thresholds, the working group's forms"},
	{"POST", "/projects/{id}/indicators", CASEWORK, UI_PROJECT, ui_indicator_create, "Add a custom indicator"},
	{"POST", "/projects/{id}/indicators/{key}", CASEWORK, UI_PROJECT, ui_indicator_save, "Change an indicator's thresholds, with a reason"},
	{"GET", "/projects/{id}/alerts", MONITORS, UI, ui_alerts_page, "A pilot's alerts (?status=), with the working group's forms"},
	{"POST", "/alerts/{id}/acknowledge", CASEWORK, UI, ui_alert_acknowledge, "Acknowledge an alert, with a reason"},
	{"POST", "/alerts/{id}/resolve", CASEWORK, UI, ui_alert_resolve, "Resolve an alert, with a reason"},
	{"GET", "/projects/{id}/tokens", ROLE_INSTITUTION, UI, ui_tokens_page, "The lead institution's ingestion tokens of a pilot"},
	{"POST", "/projects/{id}/tokens", ROLE_INSTITUTION, UI_PROJECT, ui_token_create, "Create an ingestion token (its secret is shown once)"},
	{"POST", "/projects/{id}/tokens/{token_id}/revoke", ROLE_INSTITUTION, UI_PROJECT, ui_token_revoke, "Revoke an ingestion token"},
	/* ui: supervision: complaints (§4.3) and information exchange (§4.3.1) */
	{"GET", "/public/complaints/new", PUB, UI, ui_public_complaint_form, "The public's complaint form about a running pilot"},
	{"POST", "/public/complaints/new", PUB, UI, ui_public_complaint_file, "File a complaint (same origin only); shows the reference and secret once"},
	{"GET", "/public/complaints/lookup", PUB, UI, ui_public_complaint_lookup_form, "Look up a complaint: reference and secret"},
	{"POST", "/public/complaints/lookup", PUB, UI, ui_public_complaint_lookup, "A complaint's status, deadline and answers for the complainant"},
	{"GET", "/complaints", SITUATION_READERS, UI, ui_complaints, "Complaints: the working group's queue, the CSRC's escalated ones"},
	{"GET", "/complaints/{id}", COMPLAINT_READERS, UI, ui_complaint_show, "A complaint: its handling, notes and forms"},
	{"POST", "/complaints/{id}/notes", COMPLAINT_PARTIES, UI, ui_complaint_note, "Add a note or an answer to the complainant"},
	{"POST", "/complaints/{id}/forward", CASEWORK, UI, ui_complaint_forward, "Share the complainant's name with the institution"},
	{"POST", "/complaints/{id}/resolve", COMPLAINT_PARTIES, UI, ui_complaint_resolve, "Resolve a complaint"},
	{"POST", "/complaints/{id}/escalate", COMPLAINT_PARTIES, UI, ui_complaint_escalate, "Escalate a complaint"},
	{"GET", "/projects/{id}/complaints", COMPLAINT_PARTIES, UI, ui_project_complaints, "A project's complaints, figures and the form to record one"},
	{"POST", "/projects/{id}/complaints", ROLE_INSTITUTION, UI_PROJECT, ui_project_complaint_record, "Record a complaint the institution received"},
	{"GET", "/threads", EXCHANGE, UI, ui_threads, "Message threads with unread counts"},
	{"GET", "/projects/{id}/threads", EXCHANGE, UI, ui_project_threads, "A project's threads and the form to start one"},
	{"POST", "/projects/{id}/threads", EXCHANGE, UI_PROJECT, ui_project_thread_create, "Start a thread"},
	{"GET", "/threads/{id}", EXCHANGE, UI, ui_thread_show, "A thread: messages, files, read receipts, the reply form (reading it records receipts)"},
	{"POST", "/threads/{id}/messages", EXCHANGE, UI_ATTACH, ui_thread_reply, "Reply in a thread, with files"},
	{"GET", "/situations", SITUATION_READERS, UI, ui_situations, "Reports of new situations to the CSRC, and the form to report one"},
	{"POST", "/situations", CASEWORK, UI, ui_situation_create, "Report a new situation to the CSRC"},
	{"POST", "/situations/{id}/acknowledge", ROLE_CSRC, UI, ui_situation_acknowledge, "Acknowledge a situation report"},
	/* ui: supervision: reporting obligations (§4.3.2) and notifications */
	{"GET", "/reports", CASEWORK, UI, ui_reports, "Every project's reports (?status=)"},
	{"GET", "/projects/{id}/reports", REPORT_PARTIES, UI, ui_project_reports, "A project's reports, its obligations and the request form"},
	{"POST", "/projects/{id}/reporting", ROLE_OFFICER, UI_PROJECT, ui_reporting_save, "Save a project's reporting obligations"},
	{"POST", "/projects/{id}/reports", ROLE_OFFICER, UI_PROJECT, ui_report_request, "Request an ad-hoc report"},
	{"GET", "/reports/{id}", REPORT_PARTIES, UI, ui_report_show, "A report: its versions, the submission and review forms"},
	{"POST", "/reports/{id}/versions", ROLE_INSTITUTION, UI_ATTACH, ui_report_submit, "Submit a version of a report"},
	{"POST", "/reports/{id}/accept", ROLE_OFFICER, UI, ui_report_accept, "Accept the submitted version"},
	{"POST", "/reports/{id}/request-changes", ROLE_OFFICER, UI, ui_report_request_changes, "Ask for changes to the submitted version"},
	{"GET", "/inbox", ANY, UI, ui_inbox, "The caller's notifications and e-mail address"},
	{"POST", "/inbox/read-all", ANY, UI, ui_inbox_read_all, "Mark every notification read"},
	{"POST", "/inbox/{id}/read", ANY, UI, ui_inbox_read, "Mark a notification read"},
	{"POST", "/account/email", ANY, UI, ui_account_email, "Save the caller's e-mail address"},
	/* ui: supervision: inspections (§4.3 item 3) and incidents (§4.3 item 4); answers and evidence are uploads */
	{"GET", "/inspections", OVERSEERS, UI, ui_inspections_list, "Every project's inspections and their open deadlines"},
	{"GET", "/inspections/{id}", RECORD_READERS, UI, ui_inspection_show, "An inspection with the forms of its next steps"},
	{"POST", "/projects/{id}/inspections", ROLE_OFFICER, UI_PROJECT, ui_inspection_plan, "Plan an inspection from the project page"},
	{"POST", "/inspections/{id}/actions/{action}", CASEWORK, UI, ui_inspection_act, "Notify, request documents, record a finding, order or verify a rectification, close"},
	{"POST", "/inspections/{id}/document-requests/{request_id}/answer", ROLE_INSTITUTION, UI_ATTACH, ui_inspection_answer, "Answer a document request, with files and the attestation"},
	{"POST", "/inspections/{id}/rectifications/{order_id}/evidence", ROLE_INSTITUTION, UI_ATTACH, ui_inspection_evidence, "Submit rectification evidence, with files and the attestation"},
	{"GET", "/incidents", OVERSEERS, UI, ui_incidents_list, "Incidents: the working group's every one, the CSRC's those reported to it"},
	{"GET", "/incidents/{id}", RECORD_READERS, UI, ui_incident_show, "An incident with its reports, guidance, loss records and forms"},
	{"POST", "/projects/{id}/incidents", RECORDERS, UI_PROJECT, ui_incident_open, "Report (lead institution) or record (officer) an incident from the project page"},
	{"POST", "/incidents/{id}/actions/{action}", RECORD_READERS, UI, ui_incident_act, "Report a stage, give guidance, record loss, report to or acknowledge for the CSRC"},
	/* ui: the end of a pilot (§4.4, §5.1): stage evaluation and recognitions */
	{"GET", "/evaluations", OVERSEERS, UI, ui_evaluations_list, "Every stage evaluation, open ones first"},
	{"GET", "/evaluations/{id}", RECORD_READERS, UI, ui_evaluation_show, "A stage evaluation with the forms of the caller's side"},
	{"POST", "/projects/{id}/evaluations", EVALUATION_OPENERS, UI_PROJECT, ui_evaluation_open, "Open a stage evaluation from the project page"},
	{"POST", "/evaluations/{id}/scores", OVERSEERS, UI, ui_evaluation_scores, "Save the caller's side's score sheet"},
	{"POST", "/evaluations/{id}/commitments", OVERSEERS, UI, ui_evaluation_commitments, "Judge the commitments"},
	{"POST", "/evaluations/{id}/hypothesis", OVERSEERS, UI, ui_evaluation_hypothesis, "Judge the hypothesis and success measures"},
	{"POST", "/evaluations/{id}/concurrence", ROLE_CSRC, UI, ui_evaluation_concurrence, "The CSRC concurs in an outcome"},
	{"GET", "/public/recognitions", PUB, UI, ui_public_recognitions, "The register of recognitions (§5.1)"},
	/* the end of a pilot (§4.4): the evaluation dossier */
	{"GET", "/projects/{id}/dossier", OVERSEERS, UI, ui_dossier_page, "A pilot's evaluation dossier: its parts as tables, the downloads"},
	/* ui: the end of a pilot (§4.4), part C: the exit checklist's evidence, the exit announcements */
	{"POST", "/projects/{id}/exit/items/{item}", RECORDERS, UI_PROJECT, ui_exit_item_evidence, "Give an item of the exit checklist its evidence from the project page"},
	{"GET", "/public/exits", PUB, UI, ui_public_exits, "The exit announcements of pilots"},
	{"GET", "/public/log", PUB, UI, ui_public_log, "The transparency log: what it proves, how to check it, its latest head"},
};
// clang-format on
const unsigned routes_count = sizeof routes / sizeof *routes;

/* Matches one pattern; literal segments must be equal, {name} takes one non-empty segment. */
static bool match(const char *pat, const char *path, req *r)
{
	int n = 0;
	while (*pat && *path) {
		if (*pat == '{') {
			const char *close = strchr(pat, '}');
			const char *slash = strchr(path, '/');
			size_t vlen = slash ? (size_t)(slash - path) : strlen(path);
			if (!close || vlen == 0 || n == ROUTE_MAX_PARAMS)
				return false;
			if (r) {
				r->param_names[n] =
				    arena_strndup(r->a, pat + 1, (size_t)(close - pat - 1));
				r->param_values[n] = arena_strndup(r->a, path, vlen);
			}
			n++;
			pat = close + 1;
			path += vlen;
			continue;
		}
		if (*pat != *path)
			return false;
		pat++;
		path++;
	}
	if (*pat || *path)
		return false;
	if (r)
		r->nparams = n;
	return true;
}

const route *routes_match(req *r, const char *method, const char *path, int *path_matched)
{
	*path_matched = 0;
	bool head = !strcmp(method, "HEAD");
	for (unsigned i = 0; i < routes_count; i++) {
		if (!match(routes[i].pattern, path, NULL))
			continue;
		if (!strcmp(routes[i].method, method) ||
		    (head && !strcmp(routes[i].method, "GET"))) {
			match(routes[i].pattern, path, r);
			r->route = &routes[i];
			return &routes[i];
		}
		*path_matched = 1;
	}
	return NULL;
}
