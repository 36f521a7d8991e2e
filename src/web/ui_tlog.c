/* The public page of the transparency log (docs/TRANSPARENCY.md): what it proves and what it
 * does not, how anyone checks it without trusting the operator, the latest signed head with
 * its cosignatures, the witnesses. */
#include "web/ui_tlog.h"

#include <string.h>

#include "app/tlog.h"
#include "web/html.h"
#include "web/ui.h"
#include "web/ui_public.h"

static void fact(req *r, const char *label, const char *value, bool code)
{
	html_printf(&r->out,
	            code ? "<div><dt>%h</dt><dd class=\"prose\"><code>%h</code></dd></div>"
	                 : "<div><dt>%h</dt><dd>%h</dd></div>",
	            label, value);
}

static void cosignature_row(req *r, json_t *c, void *ctx)
{
	(void)ctx;
	html_printf(&r->out,
	            "<tr><td>%h</td><td>%h</td><td class=\"nowrap\">%h</td><td "
	            "class=\"prose\"><code>%h</code></td></tr>",
	            jstr(c, "witness"), jstr(c, "algorithm"),
	            ui_time_cst(r, jint(c, "signed_at") * 1000), jstr(c, "signature"));
}

static void witness_row(req *r, json_t *w, void *ctx)
{
	(void)ctx;
	html_printf(&r->out,
	            "<tr><td>%h</td><td>%h</td><td class=\"prose\"><code>%h</code></td><td "
	            "class=\"nowrap\">%h</td></tr>",
	            jstr(w, "name"), jstr(w, "algorithm"), jstr(w, "public_key"),
	            ui_time_cst(r, jint(w, "added_at")));
}

static void head_card(req *r)
{
	buf *b = &r->out;
	err e;
	err_clear(&e);
	json_t *h = tlog_head(r->app, r->a, -1, &e);
	html_printf(b,
	            "<section class=\"card\" aria-labelledby=\"h-head\"><h2 id=\"h-head\">%h</h2>",
	            T("The latest signed tree head"));
	if (!h) {
		html_printf(b, "<p class=\"empty\">%h</p></section>",
		            T(e.msg ? e.msg : "The transparency log could not be computed."));
		err_free_details(&e);
		return;
	}
	html_printf(b, "<dl class=\"facts\">");
	fact(r, T("Leaves (tree size)"), arena_printf(r->a, "%lld", jint(h, "tree_size")), false);
	fact(r, T("Signed at"), ui_time_cst(r, jint(h, "timestamp") * 1000), false);
	fact(r, T("Root hash"), jstr(h, "root_hash"), true);
	fact(r, T("Hash function"), jstr(h, "hash"), false);
	fact(r, T("Signature algorithm"), jstr(h, "algorithm"), false);
	fact(r, T("The log's public key"), jstr(h, "public_key"), true);
	fact(r, T("Signature"), jstr(h, "signature"), true);
	html_printf(b, "</dl></section>");
	ui_table(r, T("Cosignatures of this head"), "cosignatures",
	         (const char *const[]){T("Witness"), T("Algorithm"), T("Signed at"), T("Signature"),
	                               NULL},
	         json_object_get(h, "cosignatures"), cosignature_row, NULL,
	         T("No witness has co-signed this head yet."));
	json_decref(h);
}

int ui_public_log(req *r)
{
	buf *b = &r->out;
	ui_public_page_begin(
	    r, T("Transparency log"), T("Public verification"), T("Transparency log"),
	    T("Everything the working group publishes here (public notices, launches, stage "
	      "outcomes, sanctions made public, exits, recognitions) is also written to a public, "
	      "append-only log that anyone can check without trusting the operator of this site."));
	html_printf(
	    b,
	    "<section class=\"card\" aria-labelledby=\"h-proves\"><h2 id=\"h-proves\">%h</h2>"
	    "<ul class=\"bullets\"><li>%h</li><li>%h</li><li>%h</li><li>%h</li></ul></section>",
	    T("What the log proves"),
	    T("Each published record is a leaf of a Merkle tree (RFC 9162, as Certificate "
	      "Transparency), followed by an anchor: the seq and hash of the internal event chain "
	      "at that moment."),
	    T("The log signs the root of its tree each time it grows (Ed25519, or SM2 with SM3). "
	      "Once a head is signed, no record under it can be changed or withdrawn without every "
	      "later proof failing."),
	    T("Independent witnesses check that each new head extends the last one they saw, and "
	      "co-sign it: a log that showed different histories to different people would be "
	      "caught."),
	    T("The leaves hold only what the public already sees on this portal, never "
	      "confidential material."));
	html_printf(
	    b,
	    "<section class=\"card\" aria-labelledby=\"h-verify\"><h2 id=\"h-verify\">%h</h2>"
	    "<ol class=\"bullets\"><li>%h <code>baotu log monitor</code></li><li>%h</li>"
	    "<li>%h</li></ol>"
	    "<ul class=\"bullets\"><li><code>GET /api/v1/log/head</code></li>"
	    "<li><code>GET /api/v1/log/heads/{size}</code></li>"
	    "<li><code>GET /api/v1/log/leaves?start=&amp;end=</code></li>"
	    "<li><code>GET /api/v1/log/proof/inclusion?tree_size=&amp;leaf_index=</code></li>"
	    "<li><code>GET /api/v1/log/proof/consistency?first=&amp;second=</code></li>"
	    "<li><code>GET /api/v1/log/witnesses</code></li></ul></section>",
	    T("How to verify"),
	    T("Run the monitor, which fetches every new leaf, checks its hash, the head's "
	      "signature "
	      "and the consistency with the last head it verified, and keeps its state in a file:"),
	    T("Or use any RFC 9162 verifier on the public API below: each leaf's hash is "
	      "H(0x00 || its exact text), and the signed text of a head is "
	      "{\"hash\",\"root_hash\",\"timestamp\",\"tree_size\"} in canonical JSON."),
	    T("Compare the log's public key below with the one the working group publishes through "
	      "its official channels."));
	head_card(r);
	err e;
	err_clear(&e);
	json_t *w = tlog_witness_list(r->app, r->a, &e);
	err_free_details(&e);
	ui_table(r, T("Witnesses"), "witnesses",
	         (const char *const[]){T("Witness"), T("Algorithm"), T("Public key"),
	                               T("Registered at"), NULL},
	         json_object_get(w, "witnesses"), witness_row, NULL,
	         T("No witness is registered yet."));
	json_decref(w);
	return ui_page_end(r, 200);
}
