/* The evaluation dossier's reads (§4.4): one project's record as the working group and the
 * CSRC weigh it at a stage evaluation or after the end, read in the caller's (read)
 * transaction. Figures are aggregated here, in SQL, never by loading every point or event; the
 * lists are a project's own records (bounded by what a pilot does), the events are read in
 * pages. Each function answers 0 or -1 (store_q's); strings are in the arena. */
#ifndef BAOTU_STORE_DOSSIER_H
#define BAOTU_STORE_DOSSIER_H
#include "store/store.h"

/* One row: first, last (NULL when none) and n, of every event whose subject is project:ID. */
int dossier_event_range(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
/* The seq of the project's launch event (project.launch), 0 when there is none. */
int dossier_launch_seq(store_conn *c, arena *a, int64_t project_id, int64_t *seq, err *e);
/* The project's project.* and decision.* events with seq >= from and seq > after, oldest
 * first, at most limit: seq, ts, actor, kind, reason, payload. */
int dossier_decision_events(store_conn *c, arena *a, int64_t project_id, int64_t from,
                            int64_t after, int limit, store_result **out, err *e);
/* institution_id, name, role, lead, confirmed_at; the lead first. */
int dossier_members(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
/* Each indicator with what its points show: id, key, name, unit, direction, warn_micro,
 * breach_micro, standard, points, max_micro, min_micro, last_at, last_value_micro, warnings,
 * breaches, silences (alerts of each level). */
int dossier_indicators(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
/* id, kind, period, title, due_on, status, version, requested_at, overdue_at, escalated_at,
 * first_submitted_at, submitted_at (the latest version), outcome, decided_at, decision_reason,
 * attachments. */
int dossier_reports(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
/* id, indicator, indicator_name, unit, level, status, value_micro, threshold_micro, at,
 * opened_at, acknowledged_at, acknowledged_by, acknowledge_reason, resolved_at, resolved_by,
 * resolve_reason. */
int dossier_alerts(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
/* id, origin, csrc_reference, mode, scope, starts_on, ends_on, state, planned_at, notified_at,
 * closed_at, conclusion. */
int dossier_inspections(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
/* id, inspection_id, items, due_on, requested_at, answered_at, attested_at. */
int dossier_inspection_requests(store_conn *c, arena *a, int64_t project_id, store_result **out,
                                err *e);
/* id, inspection_id, severity, description, recorded_at. */
int dossier_findings(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
/* id, inspection_id, finding_id, requirement, due_on, status, rounds, ordered_at,
 * submitted_at, verified_at, verification_note. */
int dossier_orders(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
/* id, source, category, level, system_class, investors_affected, estimated_loss_fen, title,
 * description, discovered_at, initial_due_at, initial_at, final_at, state, loss_fen,
 * compensated_fen, investors_compensated, reported_to_csrc_at, acknowledged_at. */
int dossier_incidents(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
/* id, incident_id, kind, text, at. */
int dossier_incident_entries(store_conn *c, arena *a, int64_t project_id, store_result **out,
                             err *e);
/* id, incident_id, loss_fen, compensated_fen, investors_compensated, note, recorded_at. */
int dossier_incident_losses(store_conn *c, arena *a, int64_t project_id, store_result **out,
                            err *e);
/* No name and no contact: id, reference, channel, content, status, due_on, filed_at,
 * escalated_to, escalated_at, resolution, resolved_at, notes, answers. */
int dossier_complaints(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
/* id, title, body, reported_at, acknowledged_at, acknowledgement. */
int dossier_situations(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
/* id, subject, created_at, last_message_at, messages. */
int dossier_threads(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
/* id, thread_id, side, body, sent_at, attachments. */
int dossier_messages(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
/* Every file the record holds, as stored (name, size, SHA-256 of the bytes in blobs):
 * source (material, report, inspection, message), id, owner_id (the project, report,
 * inspection or thread), label (a material's kind, a report version, an inspection file's
 * request or order, a message), version, filename, size, content_type, sha256, at. */
int dossier_manifest(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
#endif
