/* The baotu command line: one binary, GNU-style subcommands, each with --help.
 * Exit codes: 0 ok, 1 failure (e.g. a broken chain), 2 usage error. */
#include "cli/cli.h"
#include "cli/cli_log.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/calendar.h"
#include "app/demo.h"
#include "app/places.h"
#include "app/retention.h"
#include "app/idempotency.h"
#include "app/notify.h"
#include "app/tlog.h"
#include "core/region.h"
#include "core/workflow_render.h"
#include "lib/i18n.h"
#include "lib/time.h"
#include "store/backup.h"
#include "store/copy.h"
#include "store/events.h"
#include "version.h"
#include "jobs/scheduler.h"
#include "web/routes_render.h"
#include "web/server.h"

#define DEFAULT_DB "sqlite:baotu.db"
#define DEFAULT_LISTEN "127.0.0.1:8080"

static const char *env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);
	return v && *v ? v : dflt;
}

static void usage(FILE *f)
{
	fputs("Usage: baotu COMMAND [OPTIONS]\n"
	      "\n"
	      "Runs the Jinan capital-market fintech innovation pilot (资本市场金融科技创新试点).\n"
	      "\n"
	      "Commands:\n"
	      "  serve          serve the web UI and the JSON API\n"
	      "  migrate        bring the database schema up to date\n"
	      "  places         list institutions whose places are not division codes (§3.1)\n"
	      "  calendar       import the official holiday schedule from a CSV file\n"
	      "  user           add, list and change user accounts\n"
	      "  audit          verify or export the event chain\n"
	      "  log            the public transparency log: keygen, monitor, witness\n"
	      "  demo           seed a demo pilot into the database\n"
	      "  store          copy a whole store into another (SQLite, PostgreSQL)\n"
	      "  backup         write a checked copy of the store to a file, while serving\n"
	      "  restore        restore a backup file into a new store\n"
	      "  retention      retention of attachments, legal holds, the purge\n"
	      "  workflow       print the project workflow table (state diagram or table)\n"
	      "  routes         print the route table (Markdown or JSON)\n"
	      "  version        print the version\n"
	      "\n"
	      "Every command that touches the store takes --db URL (or BAOTU_DB):\n"
	      "  sqlite:PATH (default sqlite:baotu.db), a bare PATH, or postgres://...\n"
	      "Run 'baotu COMMAND --help' for a command's options.\n",
	      f);
}

static bool want_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return true;
	return false;
}

static int fail(const err *e)
{
	const char *m = e->msg ? tr(LANG_EN, e->msg) : "failed";
	const char *f = strstr(m, "{field}");
	if (f)
		fprintf(stderr, "baotu: %.*s%s%s (%s)\n", (int)(f - m), m, e->field ? e->field : "",
		        f + 7, e->code ? e->code : "error");
	else
		fprintf(stderr, "baotu: %s (%s)\n", m, e->code ? e->code : "error");
	return 1;
}

/* Opens the store and applies pending migrations (refusing a newer schema). */
static int open_app(const char *db, app *ap, bool migrate)
{
	err e;
	err_clear(&e);
	memset(ap, 0, sizeof *ap);
	ap->region = &PILOT_REGION_JINAN;
	ap->session_ttl_us = 12LL * 3600 * 1000000;
	ap->idempotency_ttl_us = (int64_t)IDEMPOTENCY_TTL_DEFAULT_S * 1000000;
	if (store_open(db, &ap->st, &e) < 0)
		return fail(&e);
	int applied;
	if (store_migrate(ap->st, migrate, &applied, &e) < 0 ||
	    calendar_seed_if_empty(ap, &e) < 0) {
		store_close(ap->st);
		return fail(&e);
	}
	return 0;
}

/* Prints the institutions whose places are not divisions, one line each; the count, or -1. */
static int print_unmapped(app *ap, FILE *f, const char *prefix, err *e)
{
	int total = 0;
	int64_t after = 0;
	for (;;) {
		arena *a = arena_new();
		json_t *o = places_unmapped(ap, a, after, 500, e);
		if (!o) {
			arena_free(a);
			return -1;
		}
		size_t i;
		json_t *it;
		json_array_foreach(json_object_get(o, "items"), i, it)
		{
			fprintf(f, "%s%lld\t%s\t%s\t%s\t%s\t%s / %s / %s\n", prefix,
			        (long long)json_integer_value(json_object_get(it, "id")),
			        json_string_value(json_object_get(it, "credit_code")),
			        json_string_value(json_object_get(it, "name")),
			        json_string_value(json_object_get(it, "field")),
			        json_string_value(json_object_get(it, "code")),
			        json_string_value(json_object_get(it, "registered_province")),
			        json_string_value(json_object_get(it, "registered_city")),
			        json_string_value(json_object_get(it, "main_office_city")));
			total++;
		}
		const char *next = json_string_value(json_object_get(o, "next"));
		after = next ? atoll(next) : 0;
		json_decref(o);
		arena_free(a);
		if (!next)
			return total;
	}
}

/* ---- serve ---- */

static const char *serve_limit_flag(int c)
{
	return c == 'C'   ? "max-connections"
	       : c == 'P' ? "per-address"
	       : c == 'R' ? "connection-reserve"
	       : c == 'H' ? "header-timeout"
	                  : "idle-timeout";
}

static const char *serve_limit_env(int c)
{
	return c == 'C'   ? "BAOTU_MAX_CONNECTIONS"
	       : c == 'P' ? "BAOTU_PER_ADDRESS"
	       : c == 'R' ? "BAOTU_CONNECTION_RESERVE"
	       : c == 'H' ? "BAOTU_HEADER_TIMEOUT"
	                  : "BAOTU_IDLE_TIMEOUT";
}

/* One of serve's connection limits, from a flag or its environment variable. */
static int serve_number(int c, const char *text, server_opts *o)
{
	char *end;
	unsigned long v = strtoul(text, &end, 10);
	unsigned long min = c == 'C' ? 16 : 0;
	if (!*text || *end || *text == '-' || v < min || v > 100000) {
		fprintf(stderr, "baotu serve: --%s (%s) must be a number %lu..100000\n",
		        serve_limit_flag(c), serve_limit_env(c), min);
		return -1;
	}
	unsigned *dst = c == 'C'   ? &o->max_connections
	                : c == 'P' ? &o->per_address
	                : c == 'R' ? &o->reserve
	                : c == 'H' ? &o->head_timeout_s
	                           : &o->timeout_s;
	*dst = (unsigned)v;
	return 0;
}

/* serve's options without a short letter */
enum {
	OPT_SMTP_URL = 256,
	OPT_SMTP_FROM,
	OPT_SMTP_TLS,
	OPT_SMTP_USER,
	OPT_PUBLIC_URL,
	OPT_DELIVERY_ATTEMPTS,
	OPT_DELIVERY_BACKOFF,
	OPT_TLS_CERT,
	OPT_TLS_KEY,
	OPT_TRUSTED_PROXY,
};

/* --smtp-tls: none, starttls (the default for smtp://) or tls (implicit TLS: smtps://). */
static int smtp_tls_parse(const char *v, notify_settings *ns)
{
	bool smtps = ns->smtp_url && !strncmp(ns->smtp_url, "smtps://", 8);
	if (ns->smtp_url && strncmp(ns->smtp_url, "smtp://", 7) && !smtps) {
		fputs("baotu serve: --smtp-url must start with smtp:// or smtps://\n", stderr);
		return -1;
	}
	if (ns->smtp_from && !strchr(ns->smtp_from, '@')) {
		fputs("baotu serve: --smtp-from must be an e-mail address\n", stderr);
		return -1;
	}
	if (!v || !*v)
		ns->smtp_tls = smtps ? NOTIFY_TLS_IMPLICIT : NOTIFY_TLS_STARTTLS;
	else if (!strcmp(v, "none") && !smtps)
		ns->smtp_tls = NOTIFY_TLS_NONE;
	else if (!strcmp(v, "starttls") && !smtps)
		ns->smtp_tls = NOTIFY_TLS_STARTTLS;
	else if (!strcmp(v, "tls")) {
		ns->smtp_tls = NOTIFY_TLS_IMPLICIT;
		static char url[1024];
		if (ns->smtp_url && !smtps) { /* implicit TLS is what smtps:// means to libcurl */
			snprintf(url, sizeof url, "smtps://%s", ns->smtp_url + 7);
			ns->smtp_url = url;
		}
	} else {
		fputs("baotu serve: --smtp-tls must be none, starttls or tls (an smtps:// URL is "
		      "always tls)\n",
		      stderr);
		return -1;
	}
	return 0;
}

static int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"listen", required_argument, 0, 'l'},
	    {"db", required_argument, 0, 'd'},
	    {"threads", required_argument, 0, 't'},
	    {"max-body", required_argument, 0, 'b'},
	    {"scheduler-interval", required_argument, 0, 's'},
	    {"max-connections", required_argument, 0, 'C'},
	    {"per-address", required_argument, 0, 'P'},
	    {"connection-reserve", required_argument, 0, 'R'},
	    {"header-timeout", required_argument, 0, 'H'},
	    {"idle-timeout", required_argument, 0, 'I'},
	    {"idempotency-ttl", required_argument, 0, 'i'},
	    {"smtp-url", required_argument, 0, OPT_SMTP_URL},
	    {"smtp-from", required_argument, 0, OPT_SMTP_FROM},
	    {"smtp-tls", required_argument, 0, OPT_SMTP_TLS},
	    {"smtp-user", required_argument, 0, OPT_SMTP_USER},
	    {"public-url", required_argument, 0, OPT_PUBLIC_URL},
	    {"delivery-attempts", required_argument, 0, OPT_DELIVERY_ATTEMPTS},
	    {"delivery-backoff", required_argument, 0, OPT_DELIVERY_BACKOFF},
	    {"tls-cert", required_argument, 0, OPT_TLS_CERT},
	    {"tls-key", required_argument, 0, OPT_TLS_KEY},
	    {"trusted-proxy", required_argument, 0, OPT_TRUSTED_PROXY},
	    {"log-key", required_argument, 0, 'K'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	server_opts o = {.listen = env_or("BAOTU_LISTEN", DEFAULT_LISTEN),
	                 .threads = 4,
	                 .max_body = 1 << 20,
	                 .max_connections = 1024,
	                 .timeout_s = 30,
	                 .per_address = 64,
	                 .reserve = 32,
	                 .head_timeout_s = 10,
	                 .tls_cert = env_or("BAOTU_TLS_CERT", NULL),
	                 .tls_key = env_or("BAOTU_TLS_KEY", NULL),
	                 .trusted_proxy = env_or("BAOTU_TRUSTED_PROXY", NULL)};
	const char *db = env_or("BAOTU_DB", DEFAULT_DB);
	const char *log_key = env_or("BAOTU_LOG_KEY", NULL); /* the transparency log's key */
	unsigned sched_ms = 60000;
	long long idem_ttl_s = atoll(env_or("BAOTU_IDEMPOTENCY_TTL", "86400"));
	/* notifications: e-mail over SMTP and webhooks (docs/DEPLOY.md) */
	static notify_settings ns;
	ns = (notify_settings){.smtp_url = env_or("BAOTU_SMTP_URL", NULL),
	                       .smtp_from = env_or("BAOTU_SMTP_FROM", NULL),
	                       .smtp_user = env_or("BAOTU_SMTP_USER", NULL),
	                       .smtp_password = env_or("BAOTU_SMTP_PASSWORD", NULL),
	                       .public_url = env_or("BAOTU_PUBLIC_URL", NULL),
	                       .max_attempts = NOTIFY_MAX_ATTEMPTS_DEFAULT,
	                       .backoff_us = NOTIFY_BACKOFF_DEFAULT_US,
	                       .timeout_s = NOTIFY_TIMEOUT_DEFAULT_S};
	const char *smtp_tls = env_or("BAOTU_SMTP_TLS", NULL);
	/* The connection limits may come from the environment too (a systemd EnvironmentFile). */
	for (const char *k = "CPRHI"; *k; k++) {
		const char *v = getenv(serve_limit_env(*k));
		if (v && serve_number(*k, v, &o) < 0)
			return 2;
	}
	int c;
	while ((c = getopt_long(argc, argv, "l:d:t:b:s:C:P:R:H:I:i:h", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			o.listen = optarg;
			break;
		case 'd':
			db = optarg;
			break;
		case 't':
			o.threads = (unsigned)atoi(optarg);
			if (o.threads < 1 || o.threads > 64) {
				fputs("baotu serve: --threads must be 1..64\n", stderr);
				return 2;
			}
			break;
		case 'b':
			o.max_body = (size_t)strtoull(optarg, NULL, 10);
			if (o.max_body < 1024) {
				fputs("baotu serve: --max-body must be at least 1024\n", stderr);
				return 2;
			}
			break;
		case 's':
			sched_ms = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'C':
		case 'P':
		case 'R':
		case 'H':
		case 'I':
			if (serve_number(c, optarg, &o) < 0)
				return 2;
			break;
		case 'i':
			idem_ttl_s = atoll(optarg);
			break;
		case OPT_SMTP_URL:
			ns.smtp_url = optarg;
			break;
		case OPT_SMTP_FROM:
			ns.smtp_from = optarg;
			break;
		case OPT_SMTP_TLS:
			smtp_tls = optarg;
			break;
		case OPT_SMTP_USER:
			ns.smtp_user = optarg;
			break;
		case OPT_PUBLIC_URL:
			ns.public_url = optarg;
			break;
		case OPT_TLS_CERT:
			o.tls_cert = optarg;
			break;
		case OPT_TLS_KEY:
			o.tls_key = optarg;
			break;
		case OPT_TRUSTED_PROXY:
			o.trusted_proxy = optarg;
			break;
		case 'K':
			log_key = optarg;
			break;
		case OPT_DELIVERY_ATTEMPTS:
		case OPT_DELIVERY_BACKOFF: {
			char *end;
			long v = strtol(optarg, &end, 10);
			bool attempts = c == OPT_DELIVERY_ATTEMPTS;
			if (!*optarg || *end || v < 1 || v > (attempts ? 20 : 86400)) {
				fprintf(stderr, "baotu serve: --%s must be a number 1..%d\n",
				        attempts ? "delivery-attempts" : "delivery-backoff",
				        attempts ? 20 : 86400);
				return 2;
			}
			if (attempts)
				ns.max_attempts = (int)v;
			else
				ns.backoff_us = v * 1000000LL;
			break;
		}
		case 'h':
			puts(
			    "Usage: baotu serve [--listen HOST:PORT] [--db URL] [--threads N] "
			    "[--max-body BYTES] [--scheduler-interval MS]\n"
			    "                   [--max-connections N] [--per-address N] "
			    "[--connection-reserve N]\n"
			    "                   [--header-timeout S] [--idle-timeout S] "
			    "[--idempotency-ttl S]\n"
			    "                   [--tls-cert FILE --tls-key FILE] "
			    "[--trusted-proxy LIST]\n"
			    "                   [--log-key FILE]\n"
			    "\n"
			    "Serves the web UI and the JSON API. Applies pending migrations "
			    "first.\n"
			    "  --listen    address (default 127.0.0.1:8080; env BAOTU_LISTEN; port "
			    "0 "
			    "picks a free one);\n"
			    "              IPv6 in brackets: [::1]:8080, or [::]:8080 for "
			    "every address, IPv4 too\n"
			    "  --db        database URL (default sqlite:baotu.db; env BAOTU_DB)\n"
			    "  --threads   worker threads (default 4)\n"
			    "  --max-body  largest request body in bytes (default 1048576)\n"
			    "  --scheduler-interval  ms between runs of due jobs such as the end "
			    "of "
			    "a coaching\n              period (default 60000; 0 disables)\n"
			    "  --max-connections     open connections in all (default 1024)\n"
			    "  --per-address         open connections from one client address "
			    "(default 64;\n"
			    "                        0: no limit, e.g. behind a proxy that limits "
			    "them)\n"
			    "  --connection-reserve  the last N connections go only to addresses "
			    "holding none\n                        (default 32)\n"
			    "  --header-timeout      seconds in which a request head must arrive "
			    "whole, also\n                        the longest wait for the next "
			    "request on a connection\n                        (default 10; 0: no "
			    "limit)\n"
			    "  --idle-timeout        seconds without a byte before a connection is "
			    "closed\n                        (default 30)\n"
			    "  The five limits may also be set as BAOTU_MAX_CONNECTIONS, "
			    "BAOTU_PER_ADDRESS,\n  BAOTU_CONNECTION_RESERVE, BAOTU_HEADER_TIMEOUT "
			    "and "
			    "BAOTU_IDLE_TIMEOUT; a flag wins.\n"
			    "  --idempotency-ttl  seconds an Idempotency-Key's answer is kept "
			    "(default 86400;\n              env BAOTU_IDEMPOTENCY_TTL)\n"
			    "HTTPS and proxies (docs/DEPLOY.md):\n"
			    "  --tls-cert FILE  serve https with this PEM certificate chain, "
			    "leaf first (env\n"
			    "                   BAOTU_TLS_CERT); TLS 1.2 and 1.3 only\n"
			    "  --tls-key FILE   its PEM private key, unencrypted "
			    "(env BAOTU_TLS_KEY)\n"
			    "  --trusted-proxy LIST  comma-separated addresses and CIDR ranges "
			    "(IPv4, IPv6) of\n"
			    "                   reverse proxies whose X-Forwarded-For and "
			    "X-Forwarded-Proto\n"
			    "                   are believed; they are not limited per address "
			    "(env\n"
			    "                   BAOTU_TRUSTED_PROXY)\n"
			    "The transparency log (docs/TRANSPARENCY.md):\n"
			    "  --log-key FILE   the key that signs the log's tree heads (env "
			    "BAOTU_LOG_KEY):\n"
			    "                   Ed25519 (\"baotu-log-key ed25519\" and the base64 "
			    "secret key) or\n"
			    "                   SM2 in PKCS#8 PEM (openssl genpkey), mode "
			    "0600;\n"
			    "                   its family fixes the tree's hash at the first leaf "
			    "(SHA-256 or SM3).\n"
			    "                   Without one, leaves are appended but heads are not "
			    "signed.\n"
			    "Notifications (docs/DEPLOY.md): e-mail waits in the outbox until both "
			    "--smtp-url and\n--smtp-from are set.\n"
			    "  --smtp-url    smtp://HOST:PORT or smtps://HOST:PORT (env "
			    "BAOTU_SMTP_URL)\n"
			    "  --smtp-from   the sender's address (env BAOTU_SMTP_FROM)\n"
			    "  --smtp-tls    none, starttls or tls (default starttls; tls for "
			    "smtps://;\n                env BAOTU_SMTP_TLS)\n"
			    "  --smtp-user   the SMTP user (env BAOTU_SMTP_USER); the password "
			    "only "
			    "as env\n                BAOTU_SMTP_PASSWORD\n"
			    "  --public-url  the base of links in e-mails, e.g. "
			    "https://pilot.example.cn\n                (env BAOTU_PUBLIC_URL)\n"
			    "  --delivery-attempts  tries of an e-mail or webhook before it is "
			    "dead "
			    "(default 6)\n"
			    "  --delivery-backoff   seconds before the second try, doubled after "
			    "each "
			    "(default 30)\n"
			    "SIGTERM or SIGINT drains open requests and exits 0. "
			    "SIGHUP reloads the TLS files\n"
			    "(a pair that does not load leaves the current one serving).");
			return 0;
		default:
			return 2;
		}
	}
	if (idem_ttl_s < 1 || idem_ttl_s > 366LL * 24 * 3600) {
		fputs("baotu serve: --idempotency-ttl must be 1..31622400 seconds\n", stderr);
		return 2;
	}
	if (smtp_tls_parse(smtp_tls, &ns) < 0)
		return 2;
	/* --listen, --trusted-proxy and the TLS files, before the store is opened */
	int prc = server_prepare(&o);
	if (prc)
		return prc;
	app ap;
	if (open_app(db, &ap, true)) {
		server_discard();
		return 1;
	}
	ap.idempotency_ttl_us = idem_ttl_s * 1000000;
	ap.notify = &ns;
	char why[512];
	if (tlog_start(&ap, log_key, why, sizeof why) < 0) {
		fprintf(stderr, "baotu serve: %s\n", why);
		server_discard();
		store_close(ap.st);
		return 1;
	}
	if (getenv("BAOTU_CLOCK_FILE"))
		fprintf(stderr, "baotu: the clock follows BAOTU_CLOCK_FILE (for tests only)\n");
	/* Block the signals before any thread starts, so that only server_run's sigwait sees them.
	 */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (scheduler_start(&ap, sched_ms) < 0) {
		fputs("baotu serve: cannot start the scheduler\n", stderr);
		server_discard();
		store_close(ap.st);
		return 1;
	}
	int rc = server_run(&ap, &o);
	scheduler_stop();
	tlog_stop();
	store_close(ap.st);
	return rc;
}

/* The options of a command that takes only --db and --help: -1 to go on with *db, else the
 * exit status (0 after the help, 2 on an unknown option). */
static int db_only_options(int argc, char **argv, const char **db, const char *help)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	*db = env_or("BAOTU_DB", DEFAULT_DB);
	int c;
	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		if (c == 'd')
			*db = optarg;
		else if (c == 'h') {
			puts(help);
			return 0;
		} else
			return 2;
	}
	return -1;
}

/* ---- migrate ---- */

static int cmd_migrate(int argc, char **argv)
{
	const char *db;
	int done =
	    db_only_options(argc, argv, &db,
	                    "Usage: baotu migrate [--db URL]\n\nApplies the embedded migrations "
	                    "not yet in the database. Refuses a schema newer than this binary.");
	if (done >= 0)
		return done;
	err e;
	err_clear(&e);
	store *st;
	if (store_open(db, &st, &e) < 0)
		return fail(&e);
	int applied;
	int rc = store_migrate(st, true, &applied, &e);
	if (rc == 0) {
		printf("schema at version %d (%d applied)\n", store_binary_schema_version(st),
		       applied);
		/* §3.1: rows the migration to division codes could not map are said, not guessed */
		app ap = {.st = st, .region = &PILOT_REGION_JINAN};
		int n = print_unmapped(&ap, stderr, "baotu: warning: ", &e);
		if (n > 0)
			fprintf(stderr,
			        "baotu: warning: %d institution(s) above have places that are not "
			        "administrative divisions; correct them (see 'baotu places')\n",
			        n);
		rc = n < 0 ? -1 : 0;
	}
	store_close(st);
	return rc < 0 ? fail(&e) : 0;
}

/* ---- places ---- */

static int cmd_places(int argc, char **argv)
{
	const char *db;
	int done = db_only_options(
	    argc, argv, &db,
	    "Usage: baotu places [--db URL]\n\n"
	    "Lists the institutions whose registered or main-office places are not\n"
	    "administrative divisions (GB/T 2260) the rules can judge (§3.1): names\n"
	    "the migration to division codes could not map, or places that contradict\n"
	    "each other. One line each: id, credit code, name, the field, the problem\n"
	    "and the places as stored. Correct them by editing the institution.\n"
	    "Prints nothing else when every place is a division.");
	if (done >= 0)
		return done;
	app ap;
	if (open_app(db, &ap, false))
		return 1;
	err e;
	err_clear(&e);
	int n = print_unmapped(&ap, stdout, "", &e);
	store_close(ap.st);
	return n < 0 ? fail(&e) : 0;
}

/* ---- calendar ---- */

static int cmd_calendar(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
	                                     {"reason", required_argument, 0, 'r'},
	                                     {"help", no_argument, 0, 'h'},
	                                     {0, 0, 0, 0}};
	const char *db = env_or("BAOTU_DB", DEFAULT_DB), *reason = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "d:r:h", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'r')
			reason = optarg;
		else if (c == 'h') {
			puts(
			    "Usage: baotu calendar import FILE [--db URL] [--reason TEXT]\n\n"
			    "Imports the State Council's holiday schedule from a CSV file in the "
			    "format\n"
			    "of data/cn-holidays.csv (header date,kind,name,source; kind holiday "
			    "or\n"
			    "workday). Every year the file names is replaced whole, in one "
			    "transaction;\n"
			    "a year whose days are the same writes nothing. Prints a line a year.");
			return 0;
		} else
			return 2;
	}
	if (optind + 2 != argc || strcmp(argv[optind], "import")) {
		fputs("Usage: baotu calendar import FILE [--db URL] [--reason TEXT]\n", stderr);
		return 2;
	}
	const char *path = argv[optind + 1];
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "baotu: cannot open %s: %s\n", path, strerror(errno));
		return 1;
	}
	/* the size before the allocation: one byte past the limit is enough to refuse */
	char *text = malloc(CALENDAR_IMPORT_MAX_BYTES + 1);
	if (!text)
		abort();
	size_t len = fread(text, 1, CALENDAR_IMPORT_MAX_BYTES + 1, f);
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		fprintf(stderr, "baotu: cannot read %s\n", path);
		free(text);
		return 1;
	}
	app ap;
	if (open_app(db, &ap, false)) {
		free(text);
		return 1;
	}
	err e;
	err_clear(&e);
	arena *a = arena_new();
	json_t *out = NULL;
	int rc = calendar_import(&ap, a, &ACTOR_CLI, text, len, reason, &out, &e);
	free(text);
	if (rc == 0) {
		size_t i;
		json_t *y;
		json_array_foreach(json_object_get(out, "years"), i, y)
		{
			printf("%lld: %lld special days, %lld working days, %s\n",
			       (long long)json_integer_value(json_object_get(y, "year")),
			       (long long)json_integer_value(json_object_get(y, "days")),
			       (long long)json_integer_value(json_object_get(y, "working_days")),
			       json_is_true(json_object_get(y, "changed")) ? "replaced"
			                                                   : "unchanged");
		}
	} else if (json_is_integer(json_object_get((json_t *)e.details, "line")))
		fprintf(
		    stderr, "baotu: %s: line %lld\n", path,
		    (long long)json_integer_value(json_object_get((json_t *)e.details, "line")));
	json_decref(out);
	arena_free(a);
	store_close(ap.st);
	if (rc < 0) {
		rc = fail(&e);
		err_free_details(&e);
	}
	return rc;
}

/* ---- user ---- */

static int read_password_stdin(char *out, size_t n)
{
	if (!fgets(out, (int)n, stdin)) {
		fputs("baotu: no password on standard input\n", stderr);
		return -1;
	}
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

static int cmd_user(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
	                                     {"role", required_argument, 0, 'r'},
	                                     {"institution", required_argument, 0, 'i'},
	                                     {"name", required_argument, 0, 'n'},
	                                     {"password-stdin", no_argument, 0, 'p'},
	                                     {"reason", required_argument, 0, 'R'},
	                                     {"help", no_argument, 0, 'h'},
	                                     {0, 0, 0, 0}};
	const char *db = env_or("BAOTU_DB", DEFAULT_DB), *role = NULL, *name = NULL, *reason = NULL;
	int64_t inst = 0;
	bool pw_stdin = false;
	int c;
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h") || !*sub) {
		puts("Usage: baotu user add USERNAME --role ROLE [--institution ID] [--name NAME] "
		     "--password-stdin [--db URL]\n"
		     "       baotu user list [--db URL]\n"
		     "       baotu user passwd USERNAME --password-stdin [--db URL]\n"
		     "       baotu user totp-reset USERNAME --reason TEXT [--db URL]\n"
		     "\n"
		     "Roles: admin officer leader csrc expert institution (institution needs "
		     "--institution ID).\nThe password is read from the first line of standard "
		     "input, never from the command line.\ntotp-reset removes a lost second factor "
		     "(TOTP) and ends the account's sessions.");
		return *sub ? 0 : 2;
	}
	optind = 2;
	while ((c = getopt_long(argc, argv, "d:r:i:n:pR:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'r':
			role = optarg;
			break;
		case 'i':
			inst = strtoll(optarg, NULL, 10);
			break;
		case 'n':
			name = optarg;
			break;
		case 'p':
			pw_stdin = true;
			break;
		case 'R':
			reason = optarg;
			break;
		case 'h':
			return cmd_user(2, (char *[]){"user", "--help", NULL});
		default:
			return 2;
		}
	}
	const char *username = optind < argc ? argv[optind] : NULL;
	app ap;
	int rc = 1;
	err e;
	err_clear(&e);
	char pw[PASSWORD_MAX + 2];
	arena *a = arena_new();
	if (!strcmp(sub, "add") || !strcmp(sub, "passwd")) {
		if (!username || !pw_stdin || (!strcmp(sub, "add") && !role)) {
			fprintf(stderr,
			        "baotu user %s: USERNAME%s and --password-stdin are "
			        "required (see --help)\n",
			        sub, !strcmp(sub, "add") ? ", --role" : "");
			arena_free(a);
			return 2;
		}
		if (read_password_stdin(pw, sizeof pw) < 0) {
			arena_free(a);
			return 2;
		}
	} else if (!strcmp(sub, "totp-reset")) {
		if (!username || !reason) {
			fprintf(stderr, "baotu user totp-reset: USERNAME and --reason are required "
			                "(see --help)\n");
			arena_free(a);
			return 2;
		}
	} else if (strcmp(sub, "list")) {
		fprintf(stderr,
		        "baotu user: unknown subcommand '%s' (add, list, passwd, totp-reset)\n",
		        sub);
		arena_free(a);
		return 2;
	}
	if (open_app(db, &ap, true)) {
		arena_free(a);
		return 1;
	}
	if (!strcmp(sub, "add")) {
		int64_t id;
		if (user_create(&ap, a, &ACTOR_CLI, username, role, inst, name, pw, &id, &e) < 0)
			fail(&e);
		else {
			printf("user %s created (id %lld, role %s)\n", username, (long long)id,
			       role);
			rc = 0;
		}
	} else if (!strcmp(sub, "totp-reset")) {
		if (user_totp_reset_named(&ap, a, &ACTOR_CLI, username, reason, &e) < 0)
			fail(&e);
		else {
			printf("second factor of %s removed; its sessions ended\n", username);
			rc = 0;
		}
	} else if (!strcmp(sub, "passwd")) {
		if (user_set_password(&ap, a, &ACTOR_CLI, username, pw, &e) < 0)
			fail(&e);
		else {
			printf("password of %s changed\n", username);
			rc = 0;
		}
	} else {
		int64_t after = 0;
		printf("%-6s %-20s %-12s %-12s %s\n", "ID", "USERNAME", "ROLE", "INSTITUTION",
		       "ACTIVE");
		for (;;) {
			json_t *l = user_list(&ap, a, after, 200, &e);
			if (!l) {
				fail(&e);
				break;
			}
			size_t i;
			json_t *u;
			json_array_foreach(json_object_get(l, "items"), i, u)
			{
				json_t *iv = json_object_get(u, "institution_id");
				printf(
				    "%-6lld %-20s %-12s %-12s %s\n",
				    (long long)json_integer_value(json_object_get(u, "id")),
				    json_string_value(json_object_get(u, "username")),
				    json_string_value(json_object_get(u, "role")),
				    json_is_integer(iv)
				        ? arena_printf(a, "%lld", (long long)json_integer_value(iv))
				        : "-",
				    json_is_true(json_object_get(u, "active")) ? "yes" : "no");
			}
			json_t *next = json_object_get(l, "next");
			if (!json_is_string(next)) {
				json_decref(l);
				rc = 0;
				break;
			}
			after = strtoll(json_string_value(next), NULL, 10);
			json_decref(l);
		}
	}
	sodium_memzero(pw, sizeof pw);
	store_close(ap.st);
	arena_free(a);
	return rc;
}

/* ---- audit ---- */

static int cmd_audit(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
	                                     {"output", required_argument, 0, 'o'},
	                                     {"against-head", required_argument, 0, 'a'},
	                                     {"help", no_argument, 0, 'h'},
	                                     {0, 0, 0, 0}};
	const char *db = env_or("BAOTU_DB", DEFAULT_DB), *output = NULL, *against = NULL;
	if (!*sub || !strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		puts("Usage: baotu audit verify [--db URL] [--against-head FILE]\n"
		     "       baotu audit export [--db URL] [--output FILE]\n"
		     "\n"
		     "verify recomputes the event chain: exit 0 and the count when intact, exit 1\n"
		     "and the first broken sequence number when not. With --against-head, then\n"
		     "compares it with the anchors of the public log that a 'baotu log monitor'\n"
		     "state FILE recorded: exit 1 naming the first event cut off or rewritten\n"
		     "(docs/TRANSPARENCY.md).\n"
		     "export writes every event as one canonical JSON object per line "
		     "(docs/AUDIT.md).");
		return *sub ? 0 : 2;
	}
	optind = 2;
	int c;
	while ((c = getopt_long(argc, argv, "d:o:a:h", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'o')
			output = optarg;
		else if (c == 'a')
			against = optarg;
		else if (c == 'h')
			return cmd_audit(2, (char *[]){"audit", "--help", NULL});
		else
			return 2;
	}
	if (strcmp(sub, "verify") && strcmp(sub, "export")) {
		fprintf(stderr, "baotu audit: unknown subcommand '%s' (verify, export)\n", sub);
		return 2;
	}
	if (against && strcmp(sub, "verify")) {
		fputs("baotu audit: --against-head is verify's\n", stderr);
		return 2;
	}
	err e;
	err_clear(&e);
	store *st;
	if (store_open(db, &st, &e) < 0)
		return fail(&e);
	store_conn *conn = store_acquire(st, &e);
	if (!conn) {
		store_close(st);
		return fail(&e);
	}
	int rc;
	int64_t count = 0, broken = 0;
	if (store_begin(conn, &e) < 0) {
		rc = fail(&e);
	} else if (!strcmp(sub, "verify")) {
		int v = events_verify(conn, &count, &broken, &e);
		if (v < 0)
			rc = fail(&e);
		else if (v == 1) {
			printf("BROKEN at event %lld (%lld events before it verified)\n",
			       (long long)broken, (long long)count);
			rc = 1;
		} else {
			printf("OK %lld events verified\n", (long long)count);
			rc = 0;
		}
		/* a chain that verifies may still have lost its end, or be a fresh chain over a
		 * rewritten history: the anchors in the public log say which */
		int anchors = v < 0 || !against ? 0 : log_against_head(conn, against, &e);
		if (anchors < 0)
			rc = fail(&e);
		else if (anchors > rc)
			rc = anchors;
	} else {
		FILE *f = output ? fopen(output, "w") : stdout;
		if (!f) {
			perror(output);
			rc = 1;
		} else {
			rc = events_export(conn, f, &count, &e) < 0 ? fail(&e) : 0;
			if (output && fclose(f) != 0)
				rc = 1;
			fprintf(stderr, "%lld events exported\n", (long long)count);
		}
	}
	store_rollback(conn);
	store_release(conn);
	store_close(st);
	return rc;
}

/* ---- demo ---- */

static int cmd_demo(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
	                                     {"print-logins", no_argument, 0, 'p'},
	                                     {"help", no_argument, 0, 'h'},
	                                     {0, 0, 0, 0}};
	const char *db = env_or("BAOTU_DB", DEFAULT_DB);
	bool print_only = false;
	int c;
	while ((c = getopt_long(argc, argv, "d:ph", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'p')
			print_only = true;
		else if (c == 'h') {
			puts("Usage: baotu demo [--db URL] [--print-logins]\n\n"
			     "Seeds a realistic demo pilot: Jinan institutions of every kind and "
			     "users of every role,\nall with the password baotu-demo. Refuses a "
			     "database that already holds institutions or users\nother than a "
			     "demo.\n"
			     "  --print-logins  only print the demo log-ins of a demo database");
			return 0;
		} else
			return 2;
	}
	app ap;
	if (open_app(db, &ap, true))
		return 1;
	err e;
	err_clear(&e);
	int rc = 0;
	if (!print_only && demo_seed(&ap, &e) < 0)
		rc = fail(&e);
	if (rc == 0 && app_is_demo(&ap))
		demo_print_logins(&ap, stdout);
	store_close(ap.st);
	return rc;
}

/* ---- store ---- */

static void copy_progress(void *arg, const char *table, int64_t rows)
{
	(void)arg;
	fprintf(stderr, "store copy: %-18s %10lld rows\n", table, (long long)rows);
}

/* A SQLite source must exist: opening a missing file would create an empty one. */
static bool sqlite_source_missing(const char *url)
{
	if (!strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13))
		return false;
	const char *path = strncmp(url, "sqlite:", 7) ? url : url + 7;
	return !strstr(url, "://") && *path && access(path, F_OK) != 0;
}

static int cmd_store(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";
	static const struct option opts[] = {{"from", required_argument, 0, 'f'},
	                                     {"to", required_argument, 0, 't'},
	                                     {"help", no_argument, 0, 'h'},
	                                     {0, 0, 0, 0}};
	if (!*sub || !strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		puts(
		    "Usage: baotu store copy --from URL --to URL\n"
		    "\n"
		    "Copies every table of one store into another, e.g. from SQLite to "
		    "PostgreSQL:\n"
		    "  baotu store copy --from sqlite:/var/lib/baotu/baotu.db \\\n"
		    "                   --to postgres://baotu@db.example/baotu\n"
		    "Ids, sessions, files and the event chain are copied exactly; the chain is\n"
		    "verified on the target before anything is committed (one transaction).\n"
		    "The source must be at this binary's schema version (run 'baotu migrate' on "
		    "it\n"
		    "first). The target must be a new, empty database: the copy creates the "
		    "schema\n"
		    "there itself (do not migrate it first: migrating appends events of its own).\n"
		    "Stop the nodes writing to the source, or they may write after the snapshot.\n"
		    "Progress, one line per table, goes to standard error.");
		return *sub ? 0 : 2;
	}
	if (strcmp(sub, "copy")) {
		fprintf(stderr, "baotu store: unknown subcommand '%s' (copy)\n", sub);
		return 2;
	}
	const char *from = NULL, *to = NULL;
	optind = 2;
	int c;
	while ((c = getopt_long(argc, argv, "f:t:h", opts, NULL)) != -1) {
		if (c == 'f')
			from = optarg;
		else if (c == 't')
			to = optarg;
		else if (c == 'h')
			return cmd_store(2, (char *[]){"store", "--help", NULL});
		else
			return 2;
	}
	if (!from || !to || optind < argc) {
		fputs("baotu store copy: --from URL and --to URL are required (see --help)\n",
		      stderr);
		return 2;
	}
	if (!strcmp(from, to)) {
		fputs("baotu store copy: --from and --to name the same database\n", stderr);
		return 2;
	}
	if (sqlite_source_missing(from)) {
		fprintf(stderr, "baotu store copy: %s: no such file\n", from);
		return 1;
	}
	err e;
	err_clear(&e);
	store *src = NULL, *dst = NULL;
	int rc = 1;
	store_copy_stats st;
	if (store_open(from, &src, &e) < 0 || store_open(to, &dst, &e) < 0)
		fail(&e);
	else if (store_copy(src, dst, copy_progress, NULL, &st, &e) < 0)
		fail(&e);
	else {
		printf("copied %d tables, %lld rows; the chain of %lld events verifies on the "
		       "target\n",
		       st.tables, (long long)st.rows, (long long)st.events);
		rc = 0;
	}
	store_close(dst);
	store_close(src);
	return rc;
}

/* ---- backup, restore ---- */

static void backup_progress(void *arg, const char *table, int64_t rows)
{
	(void)arg;
	fprintf(stderr, "  %-28s %lld rows\n", table, (long long)rows);
}

static void print_backup(const char *what, const char *file, const store_backup_stats *st)
{
	printf("%s %s: %lld bytes; the chain of %lld events verifies, head %lld %s\n", what, file,
	       (long long)st->bytes, (long long)st->events, (long long)st->head_seq,
	       st->head_hash[0] ? st->head_hash : "(none)");
}

static int cmd_backup(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
	                                     {"to", required_argument, 0, 't'},
	                                     {"check", required_argument, 0, 'c'},
	                                     {"help", no_argument, 0, 'h'},
	                                     {0, 0, 0, 0}};
	const char *db = env_or("BAOTU_DB", DEFAULT_DB), *to = NULL, *check = NULL;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "d:t:c:h", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 't')
			to = optarg;
		else if (c == 'c')
			check = optarg;
		else if (c == 'h') {
			puts(
			    "Usage: baotu backup [--db URL] --to FILE\n"
			    "       baotu backup --check FILE\n"
			    "\n"
			    "Writes the whole store into FILE, a new SQLite file, while the nodes "
			    "keep\n"
			    "serving: a SQLite store page by page (SQLite's online backup API), a\n"
			    "PostgreSQL store table by table (as 'store copy'), each in one "
			    "snapshot.\n"
			    "The copy is then checked on its own: SQLite's integrity check and "
			    "the\n"
			    "event chain verified end to end. It prints the size, the event count "
			    "and\n"
			    "the chain's head (keep that line with the file: 'restore' must end on "
			    "it).\n"
			    "FILE must not exist; on any failure nothing is left behind.\n"
			    "--check FILE checks an existing backup the same way.\n"
			    "docs/OPERATIONS.md: schedules, restore drills, PostgreSQL's own "
			    "backups.");
			return 0;
		} else
			return 2;
	}
	if (optind < argc || (!to && !check) || (to && check)) {
		fputs("baotu backup: --to FILE (or --check FILE) is required (see --help)\n",
		      stderr);
		return 2;
	}
	err e;
	err_clear(&e);
	store_backup_stats st;
	if (check) {
		if (store_backup_check(check, &st, &e) < 0)
			return fail(&e);
		print_backup("backup", check, &st);
		return 0;
	}
	fprintf(stderr, "backup: %s -> %s\n", db, to);
	if (store_backup(db, to, backup_progress, NULL, &st, &e) < 0)
		return fail(&e);
	print_backup("backup", to, &st);
	return 0;
}

static int cmd_restore(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
	                                     {"from", required_argument, 0, 'f'},
	                                     {"help", no_argument, 0, 'h'},
	                                     {0, 0, 0, 0}};
	const char *db = NULL, *from = NULL;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "d:f:h", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'f')
			from = optarg;
		else if (c == 'h') {
			puts("Usage: baotu restore --from FILE --db URL\n"
			     "\n"
			     "Restores a backup FILE (from 'baotu backup') into a new store: a "
			     "SQLite\n"
			     "path that does not exist yet, or a blank PostgreSQL database. The "
			     "backup\n"
			     "is checked first; the restored store's event chain must verify and "
			     "end on\n"
			     "the backup's head. On a failure a SQLite target is removed and a\n"
			     "PostgreSQL one stays blank. Point the nodes at the new store "
			     "afterwards;\n"
			     "a restore never overwrites a store in use (--db has no default "
			     "here).");
			return 0;
		} else
			return 2;
	}
	if (optind < argc || !from || !db) {
		fputs("baotu restore: --from FILE and --db URL are required (see --help)\n",
		      stderr);
		return 2;
	}
	err e;
	err_clear(&e);
	store_backup_stats st;
	fprintf(stderr, "restore: %s -> %s\n", from, db);
	if (store_restore(from, db, backup_progress, NULL, &st, &e) < 0)
		return fail(&e);
	print_backup("restored from", from, &st);
	return 0;
}

/* ---- retention ---- */

static int retention_usage(int rc)
{
	puts("Usage: baotu retention show [--db URL]\n"
	     "       baotu retention set KIND YEARS --reason TEXT [--db URL]\n"
	     "       baotu retention hold PROJECT_ID --reason TEXT [--db URL]\n"
	     "       baotu retention release HOLD_ID --reason TEXT [--db URL]\n"
	     "       baotu retention holds [PROJECT_ID] [--db URL]\n"
	     "       baotu retention purge [--dry-run] [--db URL]\n"
	     "\n"
	     "Retention of attachments, per KIND (materials, messages, reports, inspections), in\n"
	     "years after the project ended (a final state: exited, stopped, withdrawn, ...); 0\n"
	     "keeps a kind for ever, the default. A legal hold on a project keeps all of it.\n"
	     "purge empties the bytes of every file all of whose attachments are past retention\n"
	     "and on no held project: each purge is an event keeping the file's SHA-256, size and\n"
	     "where it was attached; nothing of the event chain is ever deleted. --dry-run lists\n"
	     "what would go, and what a hold keeps, writing nothing. Output is JSON.\n"
	     "docs/OPERATIONS.md, \"Retention and legal hold\".");
	return rc;
}

static int cmd_retention(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
	                                     {"reason", required_argument, 0, 'r'},
	                                     {"dry-run", no_argument, 0, 'n'},
	                                     {"help", no_argument, 0, 'h'},
	                                     {0, 0, 0, 0}};
	const char *db = env_or("BAOTU_DB", DEFAULT_DB), *reason = NULL;
	bool dry = false;
	const char *sub = argc > 1 ? argv[1] : "";
	if (!*sub || !strcmp(sub, "--help") || !strcmp(sub, "-h"))
		return retention_usage(*sub ? 0 : 2);
	optind = 2;
	int c;
	while ((c = getopt_long(argc, argv, "d:r:nh", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'r')
			reason = optarg;
		else if (c == 'n')
			dry = true;
		else if (c == 'h')
			return retention_usage(0);
		else
			return 2;
	}
	int npos = argc - optind;
	char **pos = argv + optind;
	static const struct {
		const char *name;
		int args;
	} subs[] = {{"show", 0},    {"set", 2},    {"hold", 1},
	            {"release", 1}, {"holds", -1}, {"purge", 0}};
	int which = -1;
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++)
		if (!strcmp(sub, subs[i].name))
			which = (int)i;
	if (which < 0 || (subs[which].args >= 0 && npos != subs[which].args) ||
	    (subs[which].args < 0 && npos > 1)) {
		fprintf(stderr, "baotu retention: %s (see --help)\n",
		        which < 0 ? "unknown subcommand" : "wrong arguments");
		return 2;
	}
	app ap;
	if (open_app(db, &ap, false))
		return 1;
	arena *a = arena_new();
	err e;
	err_clear(&e);
	json_t *out = NULL;
	int rc = 0;
	switch (which) {
	case 0:
		out = retention_settings(&ap, a, &e);
		rc = out ? 0 : -1;
		break;
	case 1:
		rc = retention_set(&ap, a, &ACTOR_CLI, pos[0], atoi(pos[1]), reason, &e);
		if (rc == 0)
			out = retention_settings(&ap, a, &e);
		break;
	case 2:
		rc = legal_hold_place(&ap, a, &ACTOR_CLI, atoll(pos[0]), reason, &out, &e);
		break;
	case 3:
		rc = legal_hold_release(&ap, a, &ACTOR_CLI, atoll(pos[0]), reason, &out, &e);
		break;
	case 4:
		out = legal_holds_list(&ap, a, npos ? atoll(pos[0]) : 0, &e);
		rc = out ? 0 : -1;
		break;
	default:
		rc = retention_purge(&ap, a, &ACTOR_CLI, dry, time_now_us(), &out, &e);
		if (rc == 0)
			fprintf(stderr,
			        "retention: %s %zu files (%lld bytes); %zu kept by a legal hold\n",
			        dry ? "would purge" : "purged",
			        json_array_size(json_object_get(out, "purged")),
			        (long long)json_integer_value(json_object_get(out, "bytes")),
			        json_array_size(json_object_get(out, "held")));
	}
	if (rc < 0)
		rc = fail(&e);
	else if (out) {
		char *text = json_dumps(out, JSON_INDENT(2) | JSON_SORT_KEYS);
		puts(text);
		free(text);
	}
	json_decref(out);
	arena_free(a);
	store_close(ap.st);
	return rc;
}

/* ---- workflow, routes: a table rendered in one of its formats ---- */

typedef struct render_format {
	const char *name;
	void (*render)(buf *out);
} render_format;

/* `baotu NAME [--format F]`: the first format is the default; --help prints usage. */
static int cmd_render(int argc, char **argv, const char *name, const char *usage,
                      const render_format *formats)
{
	static const struct option opts[] = {
	    {"format", required_argument, 0, 'f'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	const char *format = formats[0].name;
	int c;
	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		if (c == 'f')
			format = optarg;
		else if (c == 'h') {
			puts(usage);
			return 0;
		} else
			return 2;
	}
	if (optind < argc) {
		fprintf(stderr, "baotu %s: unexpected argument '%s'\n", name, argv[optind]);
		return 2;
	}
	for (const render_format *f = formats; f->name; f++) {
		if (strcmp(format, f->name))
			continue;
		buf b = BUF_INIT;
		f->render(&b);
		fputs(buf_cstr(&b), stdout);
		buf_free(&b);
		return 0;
	}
	fprintf(stderr, "baotu %s: --format must be ", name);
	for (const render_format *f = formats; f->name; f++)
		fprintf(stderr, "%s%s", f == formats ? "" : f[1].name ? ", " : " or ", f->name);
	fputc('\n', stderr);
	return 2;
}

static int cmd_workflow(int argc, char **argv)
{
	static const render_format formats[] = {{"mermaid", workflow_render_mermaid},
	                                        {"markdown", workflow_render_markdown},
	                                        {"doc", workflow_render_doc},
	                                        {NULL, NULL}};
	return cmd_render(argc, argv, "workflow",
	                  "Usage: baotu workflow [--format mermaid|markdown|doc]\n\n"
	                  "Prints the project workflow table (src/core/workflow.c): every "
	                  "transition,\nits roles, guard, next state, approval and clause.\n"
	                  "  --format mermaid   a Mermaid stateDiagram-v2 (default)\n"
	                  "  --format markdown  a Markdown table\n"
	                  "  --format doc       both, as docs/WORKFLOW.md holds them between its "
	                  "markers",
	                  formats);
}

static int cmd_routes(int argc, char **argv)
{
	static const render_format formats[] = {
	    {"markdown", routes_render_markdown}, {"json", routes_render_json}, {NULL, NULL}};
	return cmd_render(
	    argc, argv, "routes",
	    "Usage: baotu routes [--format markdown|json]\n\n"
	    "Prints the route table (src/web/routes.c): every endpoint's method, "
	    "path,\nroles, summary and notes (no log-in, Idempotency-Key, body cap).\n"
	    "  --format markdown  the tables docs/API.md holds between its markers "
	    "(default)\n"
	    "  --format json      one object per route",
	    formats);
}

int cli_main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fputs("baotu: libsodium failed to initialise\n", stderr);
		return 1;
	}
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		if (want_help(argc, argv)) {
			puts("Usage: baotu version\n\nPrints the version.");
			return 0;
		}
		printf("baotu %s\n", BAOTU_VERSION);
		return 0;
	}
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
	    {"serve", cmd_serve},        {"migrate", cmd_migrate},   {"places", cmd_places},
	    {"calendar", cmd_calendar},  {"user", cmd_user},         {"audit", cmd_audit},
	    {"demo", cmd_demo},          {"workflow", cmd_workflow}, {"store", cmd_store},
	    {"routes", cmd_routes},      {"backup", cmd_backup},     {"restore", cmd_restore},
	    {"retention", cmd_retention}, {"log", cmd_log}};
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
		if (!strcmp(cmd, cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "baotu: unknown command '%s'\n", cmd);
	usage(stderr);
	return 2;
}
