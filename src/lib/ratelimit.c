#include "lib/ratelimit.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static uint32_t key_hash(const char *key)
{
	uint32_t h = 2166136261u;
	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h;
}

/* Drops the hits that left the window. */
static void expire(const ratelimit *rl, ratelimit_slot *s, int64_t now)
{
	int k = 0;
	while (k < s->n && s->hits[k] <= now - rl->window_us)
		k++;
	if (k) {
		memmove(s->hits, s->hits + k, (size_t)(s->n - k) * sizeof *s->hits);
		s->n -= k;
	}
	if (!s->n)
		s->key[0] = '\0';
}

/* The key's slot among 8 probes, expiring old hits as of now (create); with create, a free
 * slot, else the one whose newest hit is oldest (a flood of new keys can only evict the least
 * recent ones). Without create nothing expires: a give-back names a past instant. */
static ratelimit_slot *slot_for(ratelimit *rl, const char *key, bool create, int64_t now)
{
	if (!rl->nslots)
		return NULL;
	uint32_t h = key_hash(key);
	ratelimit_slot *victim = NULL;
	for (uint32_t probe = 0; probe < 8; probe++) {
		ratelimit_slot *s = &rl->slots[(h + probe) % rl->nslots];
		if (s->key[0] && create)
			expire(rl, s, now);
		if (s->key[0] && !strncmp(s->key, key, RATELIMIT_KEY_MAX - 1))
			return s;
		if (!victim || !s->key[0] ||
		    (victim->key[0] && s->hits[s->n - 1] < victim->hits[victim->n - 1]))
			victim = s;
	}
	if (!create)
		return NULL;
	memset(victim, 0, sizeof *victim);
	snprintf(victim->key, sizeof victim->key, "%s", key);
	return victim;
}

static int effective_limit(const ratelimit *rl)
{
	if (rl->limit < 1)
		return 1;
	return rl->limit > RATELIMIT_MAX_HITS ? RATELIMIT_MAX_HITS : rl->limit;
}

int64_t ratelimit_take(ratelimit *rl, const char *key, int64_t now)
{
	if (!key || !*key)
		key = "?";
	pthread_mutex_lock(&rl->mu);
	ratelimit_slot *s = slot_for(rl, key, true, now);
	int64_t wait = 0;
	if (!s) {
		wait = 0;
	} else if (s->n >= effective_limit(rl)) {
		/* the oldest live hit leaves the window at hits[0] + window */
		wait = s->hits[0] + rl->window_us - now;
		if (wait < 1)
			wait = 1;
	} else {
		/* hits stay sorted even if the clock steps back */
		int i = s->n;
		while (i > 0 && s->hits[i - 1] > now) {
			s->hits[i] = s->hits[i - 1];
			i--;
		}
		s->hits[i] = now;
		s->n++;
	}
	pthread_mutex_unlock(&rl->mu);
	return wait;
}

void ratelimit_give_back(ratelimit *rl, const char *key, int64_t at)
{
	if (!key || !*key)
		key = "?";
	pthread_mutex_lock(&rl->mu);
	ratelimit_slot *s = slot_for(rl, key, false, at);
	if (s) {
		for (int i = s->n - 1; i >= 0; i--) {
			if (s->hits[i] == at) {
				memmove(s->hits + i, s->hits + i + 1,
				        (size_t)(s->n - i - 1) * sizeof *s->hits);
				s->n--;
				break;
			}
		}
		if (!s->n)
			s->key[0] = '\0';
	}
	pthread_mutex_unlock(&rl->mu);
}

void ratelimit_reset(ratelimit *rl)
{
	pthread_mutex_lock(&rl->mu);
	memset(rl->slots, 0, rl->nslots * sizeof *rl->slots);
	pthread_mutex_unlock(&rl->mu);
}
