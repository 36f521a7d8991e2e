/* The evaluation dossier's reads. See dossier.h. */
#include "store/dossier.h"

#include "store/row.h"

#include <stdio.h>

static const char *subject_id(arena *a, int64_t project_id)
{
	return arena_printf(a, "%lld", (long long)project_id);
}

int dossier_event_range(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e)
{
	/* events_subject (subject_type, subject_id, seq): min and max from the index's ends */
	return store_q(c, a, e, out,
	               "SELECT min(seq) AS first, max(seq) AS last, count(*) AS n FROM events "
	               "WHERE subject_type = 'project' AND subject_id = $1",
	               "t", subject_id(a, project_id));
}

int dossier_launch_seq(store_conn *c, arena *a, int64_t project_id, int64_t *seq, err *e)
{
	return store_count(c, a, e, seq,
	                   "SELECT min(seq) FROM events WHERE subject_type = 'project' AND "
	                   "subject_id = $1 AND kind = 'project.launch'",
	                   "t", subject_id(a, project_id));
}

int dossier_decision_events(store_conn *c, arena *a, int64_t project_id, int64_t from,
                            int64_t after, int limit, store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               "SELECT seq, ts, actor, kind, reason, payload FROM events WHERE "
	               "subject_type = 'project' AND subject_id = $1 AND seq >= $2 AND seq > $3 "
	               "AND (kind LIKE 'project.%' OR kind LIKE 'decision.%') ORDER BY seq "
	               "LIMIT $4",
	               "tiii", subject_id(a, project_id), from, after, (int64_t)limit);
}

STORE_ROWS_BY_ID(dossier_members,
                 "SELECT m.institution_id, i.name, m.role, m.lead, m.confirmed_at FROM "
                 "project_members m JOIN institutions i ON i.id = m.institution_id WHERE "
                 "m.project_id = $1 ORDER BY m.lead DESC, m.institution_id")

/* One pass over each indicator's points by the primary key (indicator_id, at); the last
 * value is the newest point, found from the key's end; the alerts by alerts_project. */
STORE_ROWS_BY_ID(
    dossier_indicators,
    "SELECT i.id, i.key, i.name, i.unit, i.direction, i.warn_micro, i.breach_micro, "
    "i.standard, COALESCE(s.n, 0) AS points, s.hi AS max_micro, s.lo AS min_micro, "
    "s.last_at, (SELECT m.value_micro FROM metric_points m WHERE m.indicator_id = i.id "
    "ORDER BY m.at DESC LIMIT 1) AS last_value_micro, COALESCE(al.warnings, 0) AS "
    "warnings, COALESCE(al.breaches, 0) AS breaches, COALESCE(al.silences, 0) AS silences "
    "FROM indicators i LEFT JOIN (SELECT indicator_id, count(*) AS n, max(value_micro) AS "
    "hi, min(value_micro) AS lo, max(at) AS last_at FROM metric_points WHERE indicator_id "
    "IN (SELECT id FROM indicators WHERE project_id = $1) GROUP BY indicator_id) s ON "
    "s.indicator_id = i.id LEFT JOIN (SELECT indicator_id, sum(CASE WHEN level = "
    "'warning' THEN 1 ELSE 0 END) AS warnings, sum(CASE WHEN level = 'breach' THEN 1 ELSE "
    "0 END) AS breaches, sum(CASE WHEN level = 'stale' THEN 1 ELSE 0 END) AS silences FROM "
    "alerts WHERE project_id = $1 GROUP BY indicator_id) al ON al.indicator_id = i.id "
    "WHERE i.project_id = $1 ORDER BY i.standard DESC, i.id")

STORE_ROWS_BY_ID(
    dossier_reports,
    "SELECT r.id, r.kind, r.period, r.title, r.due_on, r.status, r.version, "
    "r.requested_at, r.overdue_at, r.escalated_at, (SELECT min(f.submitted_at) FROM "
    "report_versions f WHERE f.report_id = r.id) AS first_submitted_at, v.submitted_at, "
    "v.outcome, v.decided_at, v.decision_reason, (SELECT count(*) FROM report_attachments "
    "x WHERE x.report_id = r.id) AS attachments FROM reports r LEFT JOIN report_versions v "
    "ON v.report_id = r.id AND v.version = r.version WHERE r.project_id = $1 ORDER BY r.id")

STORE_ROWS_BY_ID(dossier_alerts,
                 "SELECT al.id, i.key AS indicator, i.name AS indicator_name, i.unit, "
                 "al.level, al.status, al.value_micro, al.threshold_micro, al.at, "
                 "al.opened_at, al.acknowledged_at, al.acknowledged_by, "
                 "al.acknowledge_reason, al.resolved_at, al.resolved_by, al.resolve_reason "
                 "FROM alerts al JOIN indicators i ON i.id = al.indicator_id WHERE "
                 "al.project_id = $1 ORDER BY al.id")

STORE_ROWS_BY_ID(dossier_inspections,
                 "SELECT id, origin, csrc_reference, mode, scope, starts_on, ends_on, state, "
                 "planned_at, notified_at, closed_at, conclusion FROM inspections WHERE "
                 "project_id = $1 ORDER BY id")

STORE_ROWS_BY_ID(dossier_inspection_requests,
                 "SELECT q.id, q.inspection_id, q.items, q.due_on, q.requested_at, "
                 "q.answered_at, q.attested_at FROM inspection_requests q JOIN inspections "
                 "s ON s.id = q.inspection_id WHERE s.project_id = $1 ORDER BY q.id")

STORE_ROWS_BY_ID(dossier_findings,
                 "SELECT f.id, f.inspection_id, f.severity, f.description, f.recorded_at "
                 "FROM inspection_findings f JOIN inspections s ON s.id = f.inspection_id "
                 "WHERE s.project_id = $1 ORDER BY f.id")

STORE_ROWS_BY_ID(dossier_orders,
                 "SELECT o.id, o.inspection_id, o.finding_id, o.requirement, o.due_on, "
                 "o.status, o.rounds, o.ordered_at, o.submitted_at, o.verified_at, "
                 "o.verification_note FROM inspection_orders o JOIN inspections s ON s.id = "
                 "o.inspection_id WHERE s.project_id = $1 ORDER BY o.id")

STORE_ROWS_BY_ID(dossier_incidents,
                 "SELECT id, source, category, level, system_class, investors_affected, "
                 "estimated_loss_fen, title, description, discovered_at, initial_due_at, "
                 "initial_at, final_at, state, loss_fen, compensated_fen, "
                 "investors_compensated, reported_to_csrc_at, acknowledged_at FROM "
                 "incidents WHERE project_id = $1 ORDER BY id")

STORE_ROWS_BY_ID(dossier_incident_entries,
                 "SELECT x.id, x.incident_id, x.kind, x.text, x.at FROM incident_entries x "
                 "JOIN incidents n ON n.id = x.incident_id WHERE n.project_id = $1 "
                 "ORDER BY x.id")

STORE_ROWS_BY_ID(dossier_incident_losses,
                 "SELECT x.id, x.incident_id, x.loss_fen, x.compensated_fen, "
                 "x.investors_compensated, x.note, x.recorded_at FROM incident_losses x JOIN "
                 "incidents n ON n.id = x.incident_id WHERE n.project_id = $1 ORDER BY x.id")

STORE_ROWS_BY_ID(dossier_complaints,
                 "SELECT p.id, p.reference, p.channel, p.content, p.status, p.due_on, "
                 "p.filed_at, p.escalated_to, p.escalated_at, p.resolution, p.resolved_at, "
                 "(SELECT count(*) FROM complaint_notes n WHERE n.complaint_id = p.id) AS "
                 "notes, (SELECT count(*) FROM complaint_notes n WHERE n.complaint_id = p.id "
                 "AND n.to_complainant = 1) AS answers FROM complaints p WHERE p.project_id "
                 "= $1 ORDER BY p.id")

STORE_ROWS_BY_ID(dossier_situations,
                 "SELECT id, title, body, reported_at, acknowledged_at, acknowledgement FROM "
                 "situations WHERE project_id = $1 ORDER BY id")

STORE_ROWS_BY_ID(dossier_threads,
                 "SELECT t.id, t.subject, t.created_at, t.last_message_at, (SELECT count(*) "
                 "FROM messages m WHERE m.thread_id = t.id) AS messages FROM threads t WHERE "
                 "t.project_id = $1 ORDER BY t.id")

STORE_ROWS_BY_ID(dossier_messages,
                 "SELECT m.id, m.thread_id, m.side, m.body, m.sent_at, (SELECT count(*) FROM "
                 "message_attachments x WHERE x.message_id = m.id) AS attachments FROM "
                 "messages m JOIN threads t ON t.id = m.thread_id WHERE t.project_id = $1 "
                 "ORDER BY m.id")

STORE_ROWS_BY_ID(
    dossier_manifest,
    "SELECT 'material' AS source, m.id, m.project_id AS owner_id, m.kind AS label, "
    "m.version, m.filename, m.size, m.content_type, m.sha256, m.uploaded_at AS at FROM "
    "materials m WHERE m.project_id = $1 "
    "UNION ALL SELECT 'report', x.id, x.report_id, r.kind, x.version, x.filename, x.size, "
    "x.content_type, x.sha256, v.submitted_at FROM report_attachments x JOIN reports r ON "
    "r.id = x.report_id JOIN report_versions v ON v.report_id = x.report_id AND v.version "
    "= "
    "x.version WHERE r.project_id = $1 "
    "UNION ALL SELECT 'inspection', f.id, f.inspection_id, CASE WHEN f.request_id IS NULL "
    "THEN 'evidence' ELSE 'answer' END, f.round, f.filename, f.size, f.content_type, "
    "f.sha256, f.uploaded_at FROM inspection_files f JOIN inspections s ON s.id = "
    "f.inspection_id WHERE s.project_id = $1 "
    "UNION ALL SELECT 'message', x.id, t.id, g.side, g.id, x.filename, x.size, "
    "x.content_type, x.sha256, g.sent_at FROM message_attachments x JOIN messages g ON "
    "g.id "
    "= x.message_id JOIN threads t ON t.id = g.thread_id WHERE t.project_id = $1 "
    "ORDER BY 1, 2")
