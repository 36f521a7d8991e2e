/* `baotu log keygen | monitor | witness`, and `audit verify --against-head`'s check.
 *
 * The monitor reads the public log as anybody may and trusts nothing it says without a proof:
 * the head's signature under the key it trusts, the consistency of the head with the last one
 * it verified, every new leaf rebuilt into the new root, a sample of inclusion proofs, the
 * cosignatures. It keeps what it verified in a state file, written only when everything held,
 * so that a failed run leaves the last good state to compare the next answer with. */
#include "cli/cli_log.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <libgen.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/http_client.h"
#include "lib/logsign.h"
#include "lib/merkle.h"
#include "lib/tlogclient.h"

#define LOG_TIMEOUT_S 30
#define LOG_MAX_ANSWER ((size_t)16 << 20) /* one answer of the log: 1000 leaves fit */
#define LOG_MAX_STATE ((size_t)256 << 20) /* a state file: anchors of years */
#define SAMPLE_DEFAULT 8
#define SAMPLE_MAX 1000
#define PROGRESS_FROM 5000 /* leaves to read before a run says how far it is */

enum { RC_OK = 0, RC_BAD = 1, RC_USAGE = 2 };

/* One run of the monitor (or of the witness, which is a monitor first). */
typedef struct mon {
	const char *cmd; /* "log monitor", "log witness" or "audit", for messages */
	char *base;      /* the log's URL without a final '/' */
	const char *state_path;
	const char *log_key_pub;
	unsigned sample;
	tlog_state st;
	bool first; /* no state file yet */
	tlog_head head;
	/* what the run did, for its report */
	uint64_t leaves_read, proofs_checked;
	size_t anchors_before;
	char why[TLOG_WHY_MAX];
} mon;

__attribute__((format(printf, 3, 4))) static int say(const mon *m, int rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "baotu %s: ", m->cmd);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return rc;
}

/* ---- the state file ---- */

/* 0 and the file's text (malloc'd) in *OUT; 1 when it does not exist; -1 (errno) else. */
static int read_file(const char *path, size_t cap, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return errno == ENOENT ? 1 : -1;
	buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + n > cap) {
			buf_free(&b);
			fclose(f);
			errno = EFBIG;
			return -1;
		}
		buf_append(&b, chunk, n);
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		buf_free(&b);
		errno = EIO;
		return -1;
	}
	*len = b.len;
	*out = buf_take(&b);
	return 0;
}

/* Loads PATH into S: RC_OK (S holds the state, or is fresh when there is no file yet and
 * *FIRST is set), or RC_USAGE with the reason printed. */
static int state_load(const mon *m, const char *path, tlog_state *s, bool *first)
{
	char *text = NULL;
	size_t len = 0;
	int r = read_file(path, LOG_MAX_STATE, &text, &len);
	*first = r == 1;
	if (r < 0)
		return say(m, RC_USAGE, "cannot read the state file %s: %s", path, strerror(errno));
	if (r == 1) {
		tlog_state_init(s, m->base);
		return RC_OK;
	}
	char why[TLOG_WHY_MAX];
	int rc = tlog_state_parse(s, text, len, why);
	free(text);
	if (rc < 0)
		return say(m, RC_USAGE, "the state file %s is refused: %s", path, why);
	if (m->base && strcmp(s->url, m->base)) {
		say(m, RC_USAGE, "the state file %s is of the log at %s, not %s", path, s->url,
		    m->base);
		tlog_state_free(s);
		return RC_USAGE;
	}
	return RC_OK;
}

/* Writes S to PATH through a temporary file in the same directory and a rename, mode 0600, so
 * that a reader (or a crash) sees the old state or the new, never half of one. */
static int state_write(const mon *m, const char *path, const tlog_state *s)
{
	char *text = tlog_state_dump(s);
	size_t len = strlen(text);
	char tmp[4096];
	int n = snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof tmp) {
		free(text);
		return say(m, RC_USAGE, "the state file's name is too long");
	}
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	int ok = fd >= 0;
	for (size_t off = 0; ok && off < len;) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		ok = w > 0;
		off += ok ? (size_t)w : 0;
	}
	ok = ok && fchmod(fd, 0600) == 0 && fsync(fd) == 0;
	int saved = errno;
	if (fd >= 0 && close(fd) != 0 && ok) {
		ok = 0;
		saved = errno;
	}
	if (ok && rename(tmp, path) != 0) {
		ok = 0;
		saved = errno;
	}
	free(text);
	if (!ok) {
		if (fd >= 0)
			unlink(tmp);
		return say(m, RC_USAGE, "cannot write the state file %s: %s", path,
		           strerror(saved));
	}
	/* the rename itself on disk */
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", path);
	int dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return RC_OK;
}

/* ---- talking to the log ---- */

/* The error code and message of a JSON error answer, for a message. */
static void error_of(const http_reply *r, char *out, size_t cap)
{
	json_error_t je;
	json_t *o = json_loadb(r->body, r->len, 0, &je);
	json_t *e = json_object_get(o, "error");
	const char *code = json_string_value(json_object_get(e, "code"));
	const char *msg = json_string_value(json_object_get(e, "message"));
	if (code)
		snprintf(out, cap, " (%s%s%s)", code, msg ? ": " : "", msg ? msg : "");
	else
		*out = '\0';
	json_decref(o);
}

/* GETs PATH of the log and parses its JSON answer into *OUT. A network failure, a timeout, an
 * answer of the server's own trouble (5xx, 429) are RC_USAGE (try again later), and so is any
 * refusal of the head (a wrong URL); once the log has signed a head, a refusal to serve what
 * that head commits it to, or an answer that is not JSON, is RC_BAD. */
static int fetch_json(mon *m, const char *path, bool committed, json_t **out)
{
	*out = NULL;
	char url[8192];
	snprintf(url, sizeof url, "%s%s", m->base, path);
	http_request rq = {
	    .method = "GET", .url = url, .timeout_s = LOG_TIMEOUT_S, .max_body = LOG_MAX_ANSWER};
	http_reply r;
	char why[HTTP_CLIENT_WHY_MAX];
	if (http_client_do(&rq, &r, why) < 0)
		return say(m, RC_USAGE, "%s", why);
	if (r.status != 200) {
		char detail[512];
		error_of(&r, detail, sizeof detail);
		bool transient = r.status >= 500 || r.status == 429 || r.status == 0;
		int rc = committed && !transient ? RC_BAD : RC_USAGE;
		http_reply_free(&r);
		return say(m, rc, "GET %s: the log answered HTTP %ld%s", url, r.status, detail);
	}
	json_error_t je;
	*out = json_loadb(r.body, r.len, JSON_REJECT_DUPLICATES, &je);
	http_reply_free(&r);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return say(m, committed ? RC_BAD : RC_USAGE,
		           "GET %s: the answer is not a JSON object", url);
	}
	return RC_OK;
}

static uint64_t random_below(uint64_t n)
{
	if (n <= UINT32_MAX)
		return randombytes_uniform((uint32_t)n);
	uint64_t r;
	randombytes_buf(&r, sizeof r);
	return r % n; /* the bias of a log this large is below 2^-31 */
}

/* The leaf hash of one leaf of the log, read on its own (a sampled leaf the run did not read). */
static int read_one_leaf(mon *m, uint64_t index, uint8_t hash[MERKLE_HASH_SIZE])
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/log/leaves?start=%" PRIu64 "&end=%" PRIu64, index,
	         index + 1);
	json_t *j;
	int rc = fetch_json(m, path, true, &j);
	if (rc)
		return rc;
	json_t *leaves = json_object_get(j, "leaves");
	tlog_anchor an;
	bool is_anchor;
	if (!json_is_array(leaves) || json_array_size(leaves) != 1) {
		json_decref(j);
		return say(m, RC_BAD,
		           "the log did not serve leaf %" PRIu64 " (its head has size %" PRIu64 ")",
		           index, m->head.h.tree_size);
	}
	rc = tlog_leaf_check(m->head.h.hash, json_array_get(leaves, 0), index, hash, &an,
	                     &is_anchor, m->why);
	json_decref(j);
	return rc < 0 ? say(m, RC_BAD, "%s", m->why) : RC_OK;
}

/* Every check of one run, the state advanced in memory (m->st) only when all held. */
static int monitor_check(mon *m)
{
	json_t *j;
	int rc = fetch_json(m, "/api/v1/log/head", false, &j);
	if (rc)
		return rc;
	rc = tlog_head_parse(j, &m->head, m->why);
	json_decref(j);
	if (rc < 0)
		return say(m, RC_BAD, "the log's head: %s", m->why);
	bool had_key = m->st.has_key;
	if (tlog_head_trust(&m->st, &m->head, m->log_key_pub, m->why) < 0)
		return say(m, RC_BAD, "%s", m->why);
	if (!had_key)
		printf("trusting the log's key %s %s (%s)\n", logsign_alg_name(m->st.alg),
		       m->st.log_public_key, m->log_key_pub ? "as given" : "first use");

	uint64_t old = m->st.has_head ? m->st.head.h.tree_size : 0;
	uint64_t size = m->head.h.tree_size;
	if (m->st.has_head) {
		json_t *cons = NULL;
		if (size > old && old > 0) {
			char path[128];
			snprintf(path, sizeof path,
			         "/api/v1/log/proof/consistency?first=%" PRIu64 "&second=%" PRIu64,
			         old, size);
			if ((rc = fetch_json(m, path, true, &cons)))
				return rc;
		}
		rc = tlog_check_consistency(&m->st.head, &m->head, cons, m->why);
		json_decref(cons);
		if (rc < 0)
			return say(m, RC_BAD, "%s", m->why);
		/* what the log now tells anyone who asks for the size seen before */
		char path[96];
		snprintf(path, sizeof path, "/api/v1/log/heads/%" PRIu64, old);
		if ((rc = fetch_json(m, path, true, &j)))
			return rc;
		rc = tlog_check_stored_head(&m->st.head, j, m->why);
		json_decref(j);
		if (rc < 0)
			return say(m, RC_BAD, "%s", m->why);
	}

	/* the sample is drawn before the leaves are read, so that the leaves read anyway give
	 * the hashes of those among them */
	unsigned nsample = size ? m->sample : 0;
	uint64_t *sample = calloc(nsample + 1, sizeof *sample);
	uint8_t(*sample_hash)[MERKLE_HASH_SIZE] = calloc(nsample + 1, MERKLE_HASH_SIZE);
	bool *have = calloc(nsample + 1, sizeof *have);
	if (!sample || !sample_hash || !have) {
		free(sample);
		free(sample_hash);
		free(have);
		return say(m, RC_USAGE, "out of memory");
	}
	for (unsigned i = 0; i < nsample; i++)
		sample[i] = random_below(size);

	merkle_frontier f;
	uint64_t from = old;
	if (m->st.has_frontier) {
		f = m->st.frontier;
	} else {
		merkle_frontier_init(&f, m->head.h.hash);
		from = 0;
	}
	m->anchors_before = m->st.nanchors;
	for (uint64_t i = from; i < size && rc == RC_OK;) {
		uint64_t end = size - i > TLOG_LEAVES_PAGE ? i + TLOG_LEAVES_PAGE : size;
		char path[128];
		snprintf(path, sizeof path, "/api/v1/log/leaves?start=%" PRIu64 "&end=%" PRIu64, i,
		         end);
		if ((rc = fetch_json(m, path, true, &j)))
			break;
		json_t *leaves = json_object_get(j, "leaves");
		size_t n = json_array_size(leaves);
		if (n == 0 || n > end - i) {
			rc = say(m, RC_BAD,
			         "the log served %zu leaves from index %" PRIu64 " where %" PRIu64
			         " were asked for (its head has size %" PRIu64 ")",
			         n, i, end - i, size);
			json_decref(j);
			break;
		}
		for (size_t k = 0; k < n && rc == RC_OK; k++, i++) {
			uint8_t h[MERKLE_HASH_SIZE];
			tlog_anchor an;
			bool is_anchor;
			if (tlog_leaf_check(m->head.h.hash, json_array_get(leaves, k), i, h, &an,
			                    &is_anchor, m->why) < 0 ||
			    (is_anchor && i >= old &&
			     tlog_state_add_anchor(&m->st, &an, m->why) < 0))
				rc = say(m, RC_BAD, "%s", m->why);
			else if (merkle_frontier_append(&f, h, NULL, NULL) < 0)
				rc = say(m, RC_USAGE, "the hash function failed");
			for (unsigned s = 0; s < nsample; s++)
				if (sample[s] == i) {
					memcpy(sample_hash[s], h, MERKLE_HASH_SIZE);
					have[s] = true;
				}
		}
		json_decref(j);
		m->leaves_read += n;
		if (size - from >= PROGRESS_FROM)
			fprintf(stderr, "baotu %s: %" PRIu64 " of %" PRIu64 " leaves read\n",
			        m->cmd, i - from, size - from);
	}
	if (rc == RC_OK && tlog_frontier_matches(&f, &m->head, m->why) < 0)
		rc = say(m, RC_BAD, "%s", m->why);

	for (unsigned s = 0; s < nsample && rc == RC_OK; s++) {
		if (!have[s] && (rc = read_one_leaf(m, sample[s], sample_hash[s])))
			break;
		char path[160];
		snprintf(path, sizeof path,
		         "/api/v1/log/proof/inclusion?tree_size=%" PRIu64 "&leaf_index=%" PRIu64,
		         size, sample[s]);
		if ((rc = fetch_json(m, path, true, &j)))
			break;
		if (tlog_check_inclusion(&m->head, sample[s], sample_hash[s], j, m->why) < 0)
			rc = say(m, RC_BAD, "%s", m->why);
		json_decref(j);
		m->proofs_checked++;
	}
	free(sample);
	free(sample_hash);
	free(have);
	if (rc)
		return rc;

	json_t *cos = json_object_get(m->head.json, "cosignatures");
	if (json_array_size(cos) > 0) {
		json_t *w;
		if ((rc = fetch_json(m, "/api/v1/log/witnesses", true, &w)))
			return rc;
		size_t i;
		json_t *c;
		json_array_foreach(cos, i, c)
		{
			const char *name;
			if (tlog_check_cosignature(&m->head, c, w, &name, m->why) < 0) {
				rc = say(m, RC_BAD, "%s", m->why);
				break;
			}
			printf("cosigned by %s (%s)\n", name,
			       json_string_value(json_object_get(c, "algorithm")));
		}
		json_decref(w);
		if (rc)
			return rc;
	}

	tlog_head_free(&m->st.head);
	tlog_head_copy(&m->st.head, &m->head);
	m->st.has_head = true;
	m->st.hash = m->head.h.hash;
	m->st.frontier = f;
	m->st.has_frontier = true;
	return RC_OK;
}

static void mon_free(mon *m)
{
	tlog_state_free(&m->st);
	tlog_head_free(&m->head);
	free(m->base);
}

#define URL_MAX 2048

/* The URL without its final slashes; NULL unless http:// or https:// and of a sane length. */
static char *base_url(const char *url)
{
	if ((strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) || strlen(url) > URL_MAX)
		return NULL;
	size_t n = strlen(url);
	while (n > 8 && url[n - 1] == '/')
		n--;
	return strndup(url, n);
}

/* ---- the commands ---- */

static const char LOG_USAGE[] =
    "Usage: baotu log keygen --out FILE [--algorithm ed25519|sm2]\n"
    "       baotu log monitor URL --state FILE [--sample N] [--log-key-pub BASE64]\n"
    "       baotu log witness URL --key FILE --state FILE --name NAME [--token TOKEN]\n"
    "                         [--sample N] [--log-key-pub BASE64]\n"
    "       baotu log monitor|witness ... --state NEW --log-key-pub BASE64\n"
    "                         --rotated-from OLD\n"
    "\n"
    "The public transparency log, checked from outside (docs/TRANSPARENCY.md).\n"
    "\n"
    "keygen   writes a new signing key (mode 0600, never over an existing file) and prints\n"
    "         its algorithm and public key: the log's key, or a witness's.\n"
    "monitor  reads the log at URL (e.g. https://pilot.example/) and checks it against the\n"
    "         state FILE of the last run: the head's signature, its consistency with the\n"
    "         head seen before, every new leaf rebuilt into the new root, N sampled\n"
    "         inclusion proofs (default 8), the cosignatures. Records the anchors of the\n"
    "         event chain it finds. The first run trusts the key the log's head names\n"
    "         (or --log-key-pub). Writes the state only when every check held.\n"
    "witness  checks as the monitor does, then co-signs the head with the witness key FILE\n"
    "         and posts the cosignature as NAME, with the API token TOKEN (or BAOTU_TOKEN,\n"
    "         which keeps it out of the process list). Never co-signs a head that does\n"
    "         not extend the last one it co-signed.\n"
    "--rotated-from OLD  after the log's key was replaced: starts the new state file from\n"
    "         the old key's last head in the state OLD, trusting only the new key, whose\n"
    "         first head must extend it.\n"
    "\n"
    "Exit status: 0 ok, 1 a check failed (one line names it; the state is left as it was),\n"
    "2 usage, a file or the network.";

enum { OPT_LOG_KEY_PUB = 256, OPT_TOKEN, OPT_ROTATED_FROM };

static int log_keygen(int argc, char **argv)
{
	static const struct option opts[] = {{"out", required_argument, 0, 'o'},
	                                     {"algorithm", required_argument, 0, 'a'},
	                                     {"help", no_argument, 0, 'h'},
	                                     {0, 0, 0, 0}};
	const char *out = NULL;
	logsign_alg alg = LOGSIGN_ED25519;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:a:h", opts, NULL)) != -1) {
		if (c == 'o')
			out = optarg;
		else if (c == 'a' && logsign_alg_parse(optarg, &alg) == 0)
			;
		else if (c == 'a') {
			fprintf(stderr, "baotu log keygen: --algorithm must be ed25519 or sm2\n");
			return RC_USAGE;
		} else if (c == 'h') {
			puts(LOG_USAGE);
			return RC_OK;
		} else
			return RC_USAGE;
	}
	if (!out || optind < argc) {
		fputs("baotu log keygen: --out FILE is required (see --help)\n", stderr);
		return RC_USAGE;
	}
	const char *why = NULL;
	logsign_key *k = logsign_generate(alg, &why);
	if (!k || logsign_save(k, out, &why) < 0) {
		fprintf(stderr, "baotu log keygen: %s: %s\n", out, why ? why : "failed");
		logsign_free(k);
		return RC_BAD;
	}
	char pub[LOGSIGN_PUB_MAX];
	logsign_public(k, pub);
	printf("algorithm %s\npublic_key %s\n", logsign_alg_name(alg), pub);
	logsign_free(k);
	return RC_OK;
}

/* A token goes into a header line: printable ASCII without spaces only. */
static bool token_ok(const char *t)
{
	if (!*t || strlen(t) > 512)
		return false;
	for (const unsigned char *p = (const unsigned char *)t; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f)
			return false;
	return true;
}

/* POSTs the witness's cosignature of the verified head. */
static int post_cosignature(mon *m, const logsign_key *key, const char *name, const char *token)
{
	char sig[LOGSIGN_SIG_MAX];
	const char *why = NULL;
	if (logsign_sign_head(key, &m->head.h, sig, &why) < 0)
		return say(m, RC_USAGE, "cannot sign the head: %s", why ? why : "failed");
	json_t *body = json_pack("{sI ss ss}", "tree_size", (json_int_t)m->head.h.tree_size,
	                         "witness", name, "signature", sig);
	char *text = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(body);
	char url[8192];
	snprintf(url, sizeof url, "%s/api/v1/log/cosignatures", m->base);
	http_request rq = {.method = "POST",
	                   .url = url,
	                   .json_body = text,
	                   .bearer = token,
	                   .timeout_s = LOG_TIMEOUT_S,
	                   .max_body = LOG_MAX_ANSWER};
	http_reply r;
	char hwhy[HTTP_CLIENT_WHY_MAX];
	int rc = http_client_do(&rq, &r, hwhy);
	free(text);
	if (rc < 0)
		return say(m, RC_USAGE, "%s", hwhy);
	if (r.status != 200 && r.status != 201) {
		char detail[512];
		error_of(&r, detail, sizeof detail);
		bool transient = r.status >= 500 || r.status == 429;
		http_reply_free(&r);
		return say(m, transient ? RC_USAGE : RC_BAD,
		           "the log refused the cosignature of the head of size %" PRIu64
		           ": HTTP %ld%s",
		           m->head.h.tree_size, r.status, detail);
	}
	http_reply_free(&r);
	return RC_OK;
}

/* A log whose key was replaced is a new log from the size of the old key's last head: the new
 * state starts from the old one's head, anchors and frontier, and trusts only the new key
 * (m->log_key_pub). The next check then proves that the new key's head extends the old key's
 * last, as any later head extends an earlier one; the old state file is left as it is, the
 * record of the old key's log. */
static int rotate(mon *m, const char *old_path)
{
	if (!m->first)
		return say(m, RC_USAGE, "--rotated-from starts a new state file: %s exists",
		           m->state_path);
	tlog_state_free(&m->st);
	bool missing;
	int rc = state_load(m, old_path, &m->st, &missing);
	if (rc)
		return rc;
	if (missing) {
		tlog_state_free(&m->st);
		return say(m, RC_USAGE, "the state file %s does not exist", old_path);
	}
	printf("key rotation: the log's key was %s %s up to size %" PRIu64
	       "; only %s is trusted from now on\n",
	       logsign_alg_name(m->st.alg), m->st.log_public_key, m->st.head.h.tree_size,
	       m->log_key_pub);
	m->st.has_key = false;
	memset(m->st.log_public_key, 0, sizeof m->st.log_public_key);
	return RC_OK;
}

static int log_monitor(int argc, char **argv, bool witness)
{
	static const struct option opts[] = {
	    {"state", required_argument, 0, 's'},
	    {"sample", required_argument, 0, 'n'},
	    {"log-key-pub", required_argument, 0, OPT_LOG_KEY_PUB},
	    {"key", required_argument, 0, 'k'},
	    {"name", required_argument, 0, 'N'},
	    {"token", required_argument, 0, OPT_TOKEN},
	    {"rotated-from", required_argument, 0, OPT_ROTATED_FROM},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	mon m = {.cmd = witness ? "log witness" : "log monitor", .sample = SAMPLE_DEFAULT};
	const char *key_path = NULL, *name = NULL, *token = getenv("BAOTU_TOKEN");
	const char *rotated_from = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:n:k:N:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			m.state_path = optarg;
			break;
		case 'n': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);
			if (!*optarg || *end || *optarg == '-' || v > SAMPLE_MAX)
				return say(&m, RC_USAGE, "--sample must be a number 0..%d",
				           SAMPLE_MAX);
			m.sample = (unsigned)v;
			break;
		}
		case OPT_LOG_KEY_PUB:
			m.log_key_pub = optarg;
			break;
		case 'k':
			key_path = optarg;
			break;
		case 'N':
			name = optarg;
			break;
		case OPT_TOKEN:
			token = optarg;
			break;
		case OPT_ROTATED_FROM:
			rotated_from = optarg;
			break;
		case 'h':
			puts(LOG_USAGE);
			return RC_OK;
		default:
			return RC_USAGE;
		}
	}
	if (optind != argc - 1 || !m.state_path)
		return say(&m, RC_USAGE, "URL and --state FILE are required (see --help)");
	if (!witness && (key_path || name))
		return say(&m, RC_USAGE, "--key and --name are the witness's (see --help)");
	if (witness && (!key_path || !name || !*name))
		return say(&m, RC_USAGE, "--key FILE and --name NAME are required (see --help)");
	if (witness && (!token || !token_ok(token)))
		return say(&m, RC_USAGE, "an API token is required: --token or BAOTU_TOKEN");
	if (m.log_key_pub && (!*m.log_key_pub || strlen(m.log_key_pub) >= LOGSIGN_PUB_MAX))
		return say(&m, RC_USAGE, "--log-key-pub must be a public key in base64");
	if (rotated_from && !m.log_key_pub)
		return say(&m, RC_USAGE, "--rotated-from needs the new key: --log-key-pub");
	m.base = base_url(argv[optind]);
	if (!m.base)
		return say(&m, RC_USAGE,
		           "the URL must start with http:// or https:// (at most %d characters)",
		           URL_MAX);

	logsign_key *key = NULL;
	if (witness) {
		const char *why = NULL;
		key = logsign_load(key_path, &why);
		if (!key) {
			free(m.base);
			return say(&m, RC_USAGE, "%s: %s", key_path,
			           why ? why : "cannot load the key");
		}
	}
	int rc = state_load(&m, m.state_path, &m.st, &m.first);
	if (rc == RC_OK && rotated_from)
		rc = rotate(&m, rotated_from);
	if (rc) {
		logsign_free(key);
		mon_free(&m);
		return rc;
	}
	rc = monitor_check(&m);
	if (rc == RC_OK && witness)
		rc = post_cosignature(&m, key, name, token);
	if (rc == RC_OK)
		rc = state_write(&m, m.state_path, &m.st);
	if (rc == RC_OK) {
		char root[MERKLE_HEX_SIZE];
		merkle_hex(m.head.h.root_hash, root);
		printf("OK the log at size %" PRIu64 " has root %s: %" PRIu64
		       " leaves read, %zu anchors recorded (%zu new), %" PRIu64
		       " inclusion proofs verified\n",
		       m.head.h.tree_size, root, m.leaves_read, m.st.nanchors,
		       m.st.nanchors - m.anchors_before, m.proofs_checked);
		if (witness)
			printf("co-signed the head of size %" PRIu64 " as %s\n", m.head.h.tree_size,
			       name);
	}
	logsign_free(key);
	mon_free(&m);
	return rc;
}

int cmd_log(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";
	if (!*sub || !strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		puts(LOG_USAGE);
		return *sub ? RC_OK : RC_USAGE;
	}
	if (!strcmp(sub, "keygen"))
		return log_keygen(argc - 1, argv + 1);
	if (!strcmp(sub, "monitor"))
		return log_monitor(argc - 1, argv + 1, false);
	if (!strcmp(sub, "witness"))
		return log_monitor(argc - 1, argv + 1, true);
	fprintf(stderr, "baotu log: unknown subcommand '%s' (keygen, monitor, witness)\n", sub);
	return RC_USAGE;
}

/* ---- audit verify --against-head ---- */

int log_against_head(store_conn *c, const char *path, err *e)
{
	mon m = {.cmd = "audit"};
	tlog_state st;
	bool first;
	if (state_load(&m, path, &st, &first))
		return RC_USAGE;
	if (first) {
		fprintf(stderr, "baotu audit: the state file %s does not exist\n", path);
		return RC_USAGE;
	}
	arena *a = arena_new();
	int rc = RC_OK;
	int64_t last = 0;
	if (store_count(c, a, e, &last, "SELECT max(seq) FROM events", "") < 0)
		rc = -1;
	for (size_t i = 0; i < st.nanchors && rc == RC_OK; i++) {
		const tlog_anchor *an = &st.anchors[i];
		if (an->chain_seq > last) {
			printf("events cut off: the chain ends at seq %" PRId64
			       ", the log anchored "
			       "seq %" PRId64 " (hash %s) at leaf %" PRIu64
			       "; the first missing is seq %" PRId64 "\n",
			       last, an->chain_seq, an->chain_hash, an->leaf_index, last + 1);
			rc = RC_BAD;
			break;
		}
		const char *hash = NULL;
		int got = store_text(c, a, e, &hash, "SELECT hash FROM events WHERE seq = $1", "i",
		                     an->chain_seq);
		if (got < 0) {
			rc = -1;
		} else if (got == 0 || !hash) {
			printf("events cut off: event %" PRId64 " is missing, the log anchored it "
			       "(hash %s) at leaf %" PRIu64 "\n",
			       an->chain_seq, an->chain_hash, an->leaf_index);
			rc = RC_BAD;
		} else if (strcmp(hash, an->chain_hash)) {
			printf("chain rewritten: event %" PRId64
			       " has hash %s, the log anchored %s "
			       "at leaf %" PRIu64 "\n",
			       an->chain_seq, hash, an->chain_hash, an->leaf_index);
			rc = RC_BAD;
		}
	}
	if (rc == RC_OK) {
		int64_t newest = st.nanchors ? st.anchors[st.nanchors - 1].chain_seq : 0;
		if (st.nanchors)
			printf("OK %zu anchors of the log agree with the chain (the newest: seq "
			       "%" PRId64 ")\n",
			       st.nanchors, newest);
		else
			printf("OK the state holds no anchor yet: nothing to compare\n");
		/* what the log cannot vouch for yet: said, so that nobody reads more into the OK */
		if (last > newest)
			printf("%" PRId64 " events after seq %" PRId64
			       " are not anchored in the state's "
			       "head yet\n",
			       last - newest, newest);
	}
	arena_free(a);
	tlog_state_free(&st);
	return rc;
}
