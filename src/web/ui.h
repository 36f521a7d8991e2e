/* The page kit (ui_kit.c): the pieces every server-rendered page shares, written once.
 * Pages (ui_*.c) are zh-CN first, English by switch, and need no JavaScript; they write
 * through html_printf and take their labels from here, from core/ or from the catalog. */
#ifndef BAOTU_WEB_UI_H
#define BAOTU_WEB_UI_H
#include "web/http.h"

/* A label of the catalog in the page's language. */
#define T(s) tr(r->lang, s)

/* ---- values ---- */

/* A string member or "", an integer member (0 when absent). */
const char *jstr(json_t *o, const char *k);
long long jint(json_t *o, const char *k);
/* msg with its {key} placeholder replaced by val (text, escaped when printed). */
const char *subst(req *r, const char *msg, const char *key, const char *val);
/* A time (UTC microseconds) as China Standard Time, "YYYY-MM-DD HH:MM"; "" for 0. */
const char *ui_time_cst(req *r, long long us);
/* An amount kept in fen as people read it in yuan: "5000", "5000.50". */
const char *ui_yuan(req *r, long long fen);
/* A JSON list of strings as lines of text ("a\nb"). */
const char *ui_lines_text(req *r, json_t *list);

/* Names for the actors of a history ("user:7" -> the username), looked up once per page. */
#define UI_ACTOR_NAMES 8
typedef struct ui_actor_names {
	const char *actor[UI_ACTOR_NAMES], *label[UI_ACTOR_NAMES];
} ui_actor_names;
const char *ui_actor_label(req *r, ui_actor_names *cache, const char *actor);

/* ---- layout ---- */

/* True when routes.c routes this handler (so a link to it is never a dead end). */
bool ui_routed(int (*handler)(req *r));

/* A link, marked aria-current="page" when current. */
void ui_nav_link(req *r, const char *href, bool current, const char *label);
/* Opens the page (head, header with the role's menu, language switch, demo banner). */
void ui_page_begin(req *r, const char *title);
/* Closes the page and answers it with status. */
int ui_page_end(req *r, int status);
/* An error page for r->e, with the right status. */
int ui_error_page(req *r);
/* The page's heading: eyebrow and lead are optional (NULL). ui_page_head_open leaves the
 * heading's box open for the caller's <div class="actions"> and its closing </div>. */
void ui_page_head(req *r, const char *eyebrow, const char *title, const char *lead);
void ui_page_head_open(req *r, const char *eyebrow, const char *title, const char *lead);
/* ui_page_begin and the heading, its title the page's. */
void ui_page_titled(req *r, const char *eyebrow, const char *title, const char *lead);
/* Breadcrumbs: each step a link, the last one (href NULL) the page itself. */
typedef struct ui_crumb {
	const char *href, *label;
} ui_crumb;
void ui_crumbs(req *r, const ui_crumb *trail, int n);
/* A table in its scrollable, labelled region (WCAG: reachable by keyboard):
 * <table class="list CLASSES"> with one column heading per string of headings (NULL ends
 * it); ui_table_end closes what ui_table_begin opened. */
void ui_table_begin(req *r, const char *label, const char *trusted_classes,
                    const char *const *headings);
void ui_table_end(req *r);
/* <p class="empty">text</p>: what a list says when it has nothing to show. */
void ui_empty(req *r, const char *text);
/* Each item of a JSON list written by fn (ctx is the caller's); empty (when not NULL) said
 * instead when the list has none. */
typedef void (*ui_row_fn)(req *r, json_t *item, void *ctx);
/* One fact of a <dl class="facts">: <div><dt>label</dt><dd>value</dd></div>. */
void ui_fact(req *r, const char *label, const char *value);
void ui_each(req *r, json_t *items, const char *empty, ui_row_fn fn, void *ctx);
/* The text of each item of a JSON list, joined by "、" (the enumeration comma). */
void ui_joined(req *r, json_t *items, const char *(*text)(req *r, json_t *item));
/* A tag (class "tag CLASS") of each id of a JSON list, worded by label, each followed by a
 * space. */
void ui_tags(req *r, json_t *ids, const char *cls, const char *(*label)(req *r, const char *id));
/* <section class="card" id=ID aria-labelledby><h2>TITLE</h2>, ui_each of items, </section>. */
void ui_card_each(req *r, const char *id, const char *title, json_t *items, const char *empty,
                  ui_row_fn fn, void *ctx);
/* A whole table of a JSON list, one <tr> per item written by row; empty (when not NULL) said
 * instead when the list has none. */
void ui_table(req *r, const char *label, const char *trusted_classes, const char *const *headings,
              json_t *items, ui_row_fn row, void *ctx, const char *empty);
/* "Next page" when list has a "next" cursor: path?after=CURSOR, and &param=value when param
 * is not NULL. */
void ui_pager(req *r, json_t *list, const char *path, const char *param, const char *value);

/* GET /static/{file} (ui_static.c): an embedded asset, under its plain name or
 * "NAME.HASH.EXT" (cached for good), gzipped for clients that accept it. */
int ui_static(req *r);
/* The URL of a static asset under its content hash, e.g. "/static/baotu.0123456789ab.css". */
const char *ui_static_url(req *r, const char *file);

/* ---- labels (states and actions from core/workflow, kinds from core/institution) ---- */

typedef struct ui_label {
	const char *id, *label; /* label: a catalog message id */
} ui_label;

const char *ui_role_label(req *r, role rl);
const char *ui_state_label(req *r, const char *state);
/* The state as a tag in its tone: <span class="tag state st-TONE" data-state=...>. */
void ui_state_tag(req *r, const char *state);
const char *ui_action_label(req *r, const char *action);
/* "Pilot (§3.1, §3.2)" or "Coaching (§3.3)"; for the public the pilot track reads "Pilot". */
const char *ui_track_label(req *r, const char *track, bool public);
/* The two tracks as radio choices (<div class="choices">), coaching or pilot checked. */
void ui_track_choices(req *r, bool coaching);
/* An institution kind (§3.1, §3.2) and a technology firm's category (§3.3). */
const char *ui_kind_label(req *r, const char *kind);
const char *ui_tech_category_label(req *r, const char *category);
/* The technologies a project uses (§2.3), in the order the form offers them. */
extern const ui_label UI_TECHNOLOGIES[];
extern const size_t UI_TECHNOLOGIES_COUNT;
const char *ui_technology_label(req *r, const char *technology);
/* A kind of material (app/materials.h). */
const char *ui_material_label(req *r, const char *kind);
/* A field id as people read it, by its path: "members[1].role" -> "Members 2 · Substantive
 * role". Each part is looked up in own (a form's own wording, NULL-id terminated; may be NULL),
 * then in the kit's table; an unknown part reads as it is. "" for NULL. */
const char *ui_field_label(req *r, const ui_label *own, const char *field);

/* ---- forms ---- */

/* The session's CSRF token as a hidden field (nothing for an anonymous visitor). */
void ui_csrf_field(req *r);
/* A form posted from another site is refused (403 csrf_failed) when no session token can
 * guard it (the log-in form, the public's comment form); 0 otherwise. */
int ui_same_origin(req *r);
/* A posted form field, or "" (a page shown again shows what was typed). */
const char *ui_posted(req *r, const char *name);
/* Whether r->e names this field (the input is then marked aria-invalid). */
bool ui_invalid(req *r, const char *field);
/* " aria-invalid=\"true\"" when invalid, else "": trusted markup for html_raw. */
const char *ui_invalid_attr(bool invalid);
/* A labelled text input (id "f-NAME"), with an optional hint; trusted_attrs is fixed markup
 * of the caller (required, maxlength...), written raw. */
void ui_text_input(req *r, const char *name, const char *label, const char *value, const char *hint,
                   bool invalid, const char *trusted_attrs);
/* A labelled textarea (id "f-NAME", at most 4000 characters) of rows lines. */
void ui_text_area(req *r, const char *name, const char *label, const char *value, const char *hint,
                  bool invalid, int rows);
/* The required textarea "body" of a form (id f-body, at most max characters, rows lines)
 * holding value, up to </textarea>: the caller ends its field. */
void ui_body_area(req *r, const char *label, int rows, int max, const char *value);
/* {"reason": the posted reason} ("" when absent or not UTF-8: the use case names it). */
json_t *ui_reason_body(req *r);
/* A yes or no on the record id (a decision, a report's version) whose reason may be left
 * blank: fn with {"reason"} when one is posted, else {}. fn's 0 with *out, or -1 with r->e
 * (400 invalid_text when the reason is not UTF-8 text). */
typedef int (*ui_decide_fn)(app *ap, arena *a, const actor *who, int64_t id, bool yes,
                            const json_t *body, json_t **out, err *e);
int ui_decide(req *r, ui_decide_fn fn, int64_t id, bool yes, json_t **out);
/* Form text as the API takes it. Blank: empty or white space only. */
bool ui_blank(const char *s);
const char *ui_trim(req *r, const char *s); /* "" for NULL */
/* Browsers send a textarea's line breaks as CR LF; the store keeps LF (a CR is refused). */
const char *ui_unix_lines(req *r, const char *s);
/* The lines of a textarea, trimmed, without the blank ones. */
json_t *ui_lines_list(const char *text);
/* A whole number above zero; -1 when the text is not one. */
long long ui_parse_count(const char *s);
/* A posted field into o as it was typed, but for LF line ends; absent (or empty, unless
 * keep_empty) it is left out. 400 invalid_text when it is not UTF-8. */
int ui_form_json(req *r, json_t *o, const char *name, bool keep_empty);
/* ui_form_json of each of the NULL-terminated names, empty ones left out; stops at the first
 * that is not UTF-8 (-1). */
int ui_form_fields(req *r, json_t *o, const char *const *names);
/* Sets o[key] to value (LF line ends); a blank value is left out, or null when null_blank.
 * 400 invalid_text when it is not UTF-8. */
int ui_json_text(req *r, json_t *o, const char *key, const char *value, bool null_blank);

/* After a form created a record (out, which it frees): 303 to prefix + its id + suffix. */
int ui_redirect_created(req *r, json_t *out, const char *prefix, const char *suffix);

/* ---- errors ---- */

/* The error box above a form for r->e; nothing when r->e is clear. heading: "Not saved."...;
 * the message's {field} is named by ui_field_label with the form's own labels. */
void ui_form_error(req *r, const char *heading, const ui_label *own);
/* The same box with the field named by the caller and its id on the box (data-field). */
void ui_form_error_named(req *r, const char *heading, const char *field_text);

/* A refusal kept while a page renders (r->e is moved out, so the page reads with r->e clear),
 * shown with its details: §3 reasons, §4.1 defects, missing materials, members still to
 * confirm, the launch guards' dates and comments. */
typedef struct ui_failure {
	int status;
	const char *code, *field, *msg;
	json_t *details;
	const char *action; /* the action whose form failed, or NULL */
} ui_failure;
void ui_failure_take(req *r, ui_failure *f, const char *action);
/* A view of r->e, which stays set (the form marks the fields it names). */
ui_failure ui_failure_view(req *r);
/* The box; project (may be NULL) names members and links comments; own: field labels. */
void ui_failure_box(req *r, const ui_failure *f, json_t *project, const ui_label *own);
void ui_failure_free(ui_failure *f);
/* The answer to a page's form (rc, out, taken): a redirect to `to` on success; a 404 is an
 * error page; any other refusal shows the page again (page(r, id, f)) with it. */
int ui_form_done(req *r, int rc, json_t *out, const char *to,
                 int (*page)(req *r, int64_t id, ui_failure *f), int64_t id);
/* A member of a project JSON by institution id: its name, or "#ID". */
const char *ui_member_name(req *r, json_t *project, long long institution_id);
/* One defect of a completeness check ({field, defect}) as a sentence. */
const char *ui_defect_text(req *r, json_t *defect, const ui_label *own);
#endif
