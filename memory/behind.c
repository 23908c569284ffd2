// SPDX-License-Identifier: MIT
/*
 * Write-behind for bulk adds. Inside a transaction, a unit added without
 * asking for its id is copied into a queue that a second thread stores,
 * while the caller goes on reading and preparing the next units: an
 * import keeps two cores busy, one parsing XML, normalising, tokenising
 * and hashing, the other running SQLite. One thread stores the units in
 * the order they were queued, so deduplication, ids and the memory's
 * content are what storing them at once would give.
 *
 * Every other use of the store waits for the queue to empty first
 * (aln__behind_sync()), so the store is only ever used by one thread at a
 * time. A queued unit that fails to store is remembered: the next add,
 * sync or commit returns that failure (raised again in the caller's
 * thread), and the caller rolls the transaction back, as it would had
 * the add failed at once. The units queued after it are dropped.
 */
#include "memory-internal.h"

#include <pthread.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Units queued at most: about a megabyte of blocks. */
#define QUEUE_MAX 256

/* A stored unit and everything it points to, in one allocation. */
struct item {
	aln_store_unit su;
	aln_unit unit;
};

struct aln__behind {
	aln_store *store;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t work; /* the writer may go on: items, or stop */
	pthread_cond_t room; /* the caller may go on: room, or idle */
	/*
	 * A ring of blocks, each kept from one unit to the next (the
	 * writer never frees what the caller allocated: no malloc lock
	 * shared by the two threads). The writer reads queue[head] while
	 * it stores it, and only then counts it out.
	 */
	struct item *queue[QUEUE_MAX];
	size_t sizes[QUEUE_MAX];
	size_t head, count;
	size_t want;	    /* the caller waits for count <= want */
	bool writer_idle;   /* waiting on work */
	bool caller_waits;  /* waiting on room */
	bool stop, discard; /* finish (storing, or dropping, what is left) */
	/* The first failure, as the writer's thread saw it. */
	int rc;
	char message[1024];
	char hint[512];
};

/* Tests turn it off to compare with storing at once. */
bool aln__behind_enabled = true;

/* ---- packing a unit into one block ---- */

static size_t str_size(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

static size_t props_size(const aln_prop *p, size_t n)
{
	size_t sz = 0;

	for (size_t i = 0; i < n; i++)
		sz += str_size(p[i].type) + str_size(p[i].value) +
		      str_size(p[i].lang);
	return sz;
}

/* Copies s to *at and advances it; NULL stays NULL. */
static const char *put_str(char **at, const char *s)
{
	size_t n;
	char *d = *at;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	memcpy(d, s, n);
	*at += n;
	return d;
}

static void put_props(aln_prop *dst, const aln_prop *src, size_t n, char **at)
{
	for (size_t i = 0; i < n; i++) {
		dst[i].type = put_str(at, src[i].type);
		dst[i].value = put_str(at, src[i].value);
		dst[i].lang = put_str(at, src[i].lang);
	}
}

/*
 * Copies su into one block: *block (of *size bytes), grown when too
 * small. Fails only when out of memory (raised), leaving *block as it
 * was.
 */
static int pack(struct item **block, size_t *size, const aln_store_unit *su)
{
	const aln_unit *u = su->unit;
	size_t nv = u->nvariants, nprops = u->nprops, nterms = 0, strs = 0;
	size_t i, j, sz;
	struct item *it;
	aln_variant *vars;
	aln_prop *props;
	const char **base, **termv;
	aln_store_terms *terms;
	uint64_t *hashes;
	char *at;

	strs += str_size(u->tuid) + str_size(u->srclang) +
		str_size(u->created) + str_size(u->changed) +
		str_size(u->tool) + props_size(u->props, u->nprops);
	for (i = 0; i < nv; i++) {
		const aln_variant *v = &u->variants[i];

		strs += str_size(v->lang) + str_size(v->text) +
			str_size(v->markup) + str_size(v->document) +
			str_size(su->base[i]) + props_size(v->props, v->nprops);
		nprops += v->nprops;
		nterms += su->terms[i].count;
		for (j = 0; j < su->terms[i].count; j++)
			strs += str_size(su->terms[i].terms[j]);
	}
	/* Arrays of 8-byte aligned items first, then the bytes. */
	sz = sizeof(*it) + nv * sizeof(*vars) + nprops * sizeof(*props) +
	     nv * sizeof(*terms) + nterms * sizeof(uint64_t) +
	     (nv + nterms) * sizeof(char *) + strs;
	if (sz > *size) {
		size_t want = sz < 4096 ? 4096 : sz;

		if (!(it = aln__malloc(want)))
			return ALN_ENOMEM;
		free(*block);
		*block = it;
		*size = want;
	}
	it = *block;
	vars = (aln_variant *)(it + 1);
	props = (aln_prop *)(vars + nv);
	terms = (aln_store_terms *)(props + nprops);
	hashes = (uint64_t *)(terms + nv);
	base = (const char **)(hashes + nterms);
	termv = base + nv;
	at = (char *)(termv + nterms);

	it->unit = *u;
	it->unit.tuid = put_str(&at, u->tuid);
	it->unit.srclang = put_str(&at, u->srclang);
	it->unit.created = put_str(&at, u->created);
	it->unit.changed = put_str(&at, u->changed);
	it->unit.tool = put_str(&at, u->tool);
	it->unit.variants = vars;
	it->unit.props = props;
	put_props(props, u->props, u->nprops, &at);
	props += u->nprops;
	for (i = 0; i < nv; i++) {
		const aln_variant *v = &u->variants[i];

		vars[i] = *v;
		vars[i].lang = put_str(&at, v->lang);
		vars[i].text = put_str(&at, v->text);
		vars[i].markup = put_str(&at, v->markup);
		vars[i].document = put_str(&at, v->document);
		vars[i].props = props;
		put_props(props, v->props, v->nprops, &at);
		props += v->nprops;
		base[i] = put_str(&at, su->base[i]);
		terms[i].count = su->terms[i].count;
		terms[i].terms = termv;
		terms[i].hashes = su->terms[i].hashes ? hashes : NULL;
		for (j = 0; j < su->terms[i].count; j++) {
			*termv++ = put_str(&at, su->terms[i].terms[j]);
			if (su->terms[i].hashes)
				*hashes++ = su->terms[i].hashes[j];
		}
	}
	it->su.unit = &it->unit;
	it->su.base = base;
	it->su.terms = terms;
	it->su.hash = su->hash;
	return 0;
}

/* ---- the writer's thread ---- */

/* Called with the lock held: wakes the caller when what it waits for came. */
static void wake_caller(struct aln__behind *b)
{
	if (b->caller_waits && b->count <= b->want)
		pthread_cond_signal(&b->room);
}

static void *writer(void *arg)
{
	struct aln__behind *b = arg;

	pthread_mutex_lock(&b->lock);
	for (;;) {
		struct item *it;
		bool store;
		int rc = 0;

		while (!b->count && !b->stop) {
			b->writer_idle = true;
			pthread_cond_wait(&b->work, &b->lock);
		}
		b->writer_idle = false;
		if (!b->count)
			break;
		it = b->queue[b->head];
		store = !b->discard && b->rc == 0;
		pthread_mutex_unlock(&b->lock);

		if (store)
			rc = b->store->ops->add_unit(b->store, NULL, &it->su);

		pthread_mutex_lock(&b->lock);
		if (rc < 0 && b->rc == 0) {
			const aln_error *e = aln_error_last();

			b->rc = rc;
			snprintf(b->message, sizeof(b->message), "%s",
				 e && e->message ? e->message : "");
			snprintf(b->hint, sizeof(b->hint), "%s",
				 e && e->hint ? e->hint : "");
		}
		b->head = (b->head + 1) % QUEUE_MAX;
		b->count--;
		wake_caller(b);
	}
	pthread_mutex_unlock(&b->lock);
	return NULL;
}

/* ---- the caller's side ---- */

/* The writer's failure, raised in this thread; the lock is held. */
static int raise_failure(struct aln__behind *b)
{
	aln__error(b->rc, "%s", b->message);
	if (*b->hint)
		aln__error_hint("%s", b->hint);
	return b->rc;
}

/* Waits, with the lock held, until at most want items are left. */
static void wait_for(struct aln__behind *b, size_t want)
{
	b->want = want;
	while (b->count > want) {
		b->caller_waits = true;
		pthread_cond_wait(&b->room, &b->lock);
	}
	b->caller_waits = false;
}

static int start(aln_memory *m)
{
	struct aln__behind *b;

	if (!(b = aln__calloc(1, sizeof(*b))))
		return ALN_ENOMEM;
	b->store = m->store;
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->work, NULL);
	pthread_cond_init(&b->room, NULL);
	if (pthread_create(&b->thread, NULL, writer, b) != 0) {
		pthread_cond_destroy(&b->room);
		pthread_cond_destroy(&b->work);
		pthread_mutex_destroy(&b->lock);
		free(b);
		return 1; /* no thread: store at once */
	}
	m->behind = b;
	return 0;
}

int aln__behind_push(aln_memory *m, const aln_store_unit *su)
{
	static long cores;
	struct aln__behind *b;
	size_t slot;
	int rc;

	if (!m->behind) {
		/* One core: the queue would only add copies. */
		if (!cores)
			cores = sysconf(_SC_NPROCESSORS_ONLN);
		if (!aln__behind_enabled || cores < 2)
			return 1;
		if ((rc = start(m)) != 0)
			return rc;
	}
	b = m->behind;
	pthread_mutex_lock(&b->lock);
	/* A full queue: let the writer work through half of it. */
	if (b->count == QUEUE_MAX)
		wait_for(b, QUEUE_MAX / 2);
	if (b->rc < 0) {
		rc = raise_failure(b);
		pthread_mutex_unlock(&b->lock);
		return rc;
	}
	/* Past the queued ones: a block the writer no longer reads. */
	slot = (b->head + b->count) % QUEUE_MAX;
	pthread_mutex_unlock(&b->lock);
	if ((rc = pack(&b->queue[slot], &b->sizes[slot], su)) < 0)
		return rc;
	pthread_mutex_lock(&b->lock);
	b->count++;
	if (b->writer_idle)
		pthread_cond_signal(&b->work);
	pthread_mutex_unlock(&b->lock);
	return 0;
}

int aln__behind_sync(aln_memory *m)
{
	struct aln__behind *b = m ? m->behind : NULL;
	int rc = 0;

	if (!b)
		return 0;
	pthread_mutex_lock(&b->lock);
	wait_for(b, 0);
	if (b->rc < 0)
		rc = raise_failure(b);
	pthread_mutex_unlock(&b->lock);
	return rc;
}

int aln__behind_end(aln_memory *m, bool discard)
{
	struct aln__behind *b = m ? m->behind : NULL;
	int rc = 0;

	if (!b)
		return 0;
	pthread_mutex_lock(&b->lock);
	b->stop = true;
	b->discard = discard;
	pthread_cond_signal(&b->work);
	pthread_mutex_unlock(&b->lock);
	pthread_join(b->thread, NULL);
	if (!discard && b->rc < 0)
		rc = raise_failure(b);
	for (size_t i = 0; i < QUEUE_MAX; i++)
		free(b->queue[i]);
	pthread_cond_destroy(&b->room);
	pthread_cond_destroy(&b->work);
	pthread_mutex_destroy(&b->lock);
	free(b);
	m->behind = NULL;
	return rc;
}
