// SPDX-License-Identifier: MIT
/*
 * Sentence segmentation (alinea/document.h). ICU's sentence
 * BreakIterator, opened with the text's language, proposes boundaries;
 * the rules of locales/<lang>/segment.txt (format in locales/README.md)
 * then take away those that follow an abbreviation, an initial or an
 * ordinal, that fall inside CJK brackets or before a lower-case word,
 * and add those ICU cannot see: before the items of an inline list and
 * after a language's own terminators (the Greek question mark ';').
 * Rules only look at the few characters around a boundary, so the cost
 * stays ICU's. Loaded rules are kept for the life of the process.
 */
#include "read.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include "alinea/document.h"
#include "alinea/lang.h"

enum {
	F_ABBREV = 1,	      /* never ends a sentence */
	F_ABBREV_CAP = 2,     /* ends one only before a capital */
	F_ABBREV_STARTER = 4, /* ends one only before a starter word */
	F_ABBREV_NUM = 8,     /* never ends one before a number */
	F_STARTER = 16,	      /* a word that often begins a sentence */
};

typedef struct entry {
	char *key;
	uint32_t hash; /* of key, compared before the bytes */
	uint32_t len;
	unsigned int flags;
} entry;

#define MAX_PAIRS 16
#define MAX_TERMS 8
#define MAX_SUFFIXES 16

typedef struct rules {
	char tag[ALN_LANG_MAX]; /* as asked, canonical */
	char icu[ALN_LANG_MAX + 16];
	int has_data;
	int ordinal; /* "1. Juni": a period after a small number is an ordinal */
	int cjk;     /* no spaces between sentences: hiragana after a quote */
	UChar32 terms[MAX_TERMS];
	int nterms;
	UChar32 open[MAX_PAIRS], close[MAX_PAIRS];
	int npairs;
	char suffix[MAX_SUFFIXES][16]; /* "str": "Hauptstr." never ends */
	int nsuffixes;
	entry *table;
	size_t size, used; /* size a power of two */
	size_t longest;	   /* bytes of the longest entry */
	struct rules *next;
} rules;

static pthread_mutex_t rules_lock = PTHREAD_MUTEX_INITIALIZER;
static rules *loaded;

static uint32_t hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static unsigned int lookup(const rules *r, const char *s, size_t len)
{
	uint32_t h;
	size_t i;

	if (!r->size || !len || len > r->longest)
		return 0;
	h = hash(s, len);
	for (i = h & (r->size - 1); r->table[i].key;
	     i = (i + 1) & (r->size - 1))
		if (r->table[i].hash == h && r->table[i].len == len &&
		    !memcmp(r->table[i].key, s, len))
			return r->table[i].flags;
	return 0;
}

static int insert(rules *r, const char *s, size_t len, unsigned int flags)
{
	size_t i;

	if ((r->used + 1) * 2 > r->size) {
		size_t n = r->size ? r->size * 2 : 256, j;
		entry *t = aln__calloc(n, sizeof(*t));

		if (!t)
			return ALN_ENOMEM;
		for (j = 0; j < r->size; j++) {
			if (!r->table[j].key)
				continue;
			i = hash(r->table[j].key, strlen(r->table[j].key)) &
			    (n - 1);
			while (t[i].key)
				i = (i + 1) & (n - 1);
			t[i] = r->table[j];
		}
		free(r->table);
		r->table = t;
		r->size = n;
	}
	for (i = hash(s, len) & (r->size - 1); r->table[i].key;
	     i = (i + 1) & (r->size - 1)) {
		if (!strncmp(r->table[i].key, s, len) &&
		    !r->table[i].key[len]) {
			r->table[i].flags |= flags;
			return 0;
		}
	}
	if (!(r->table[i].key = aln__strndup(s, len)))
		return ALN_ENOMEM;
	r->table[i].hash = hash(s, len);
	r->table[i].len = (uint32_t)len;
	if (len > r->longest)
		r->longest = len;
	r->table[i].flags = flags;
	r->used++;
	return 0;
}

static void rules_free(rules *r)
{
	size_t i;

	for (i = 0; i < r->size; i++)
		free(r->table[i].key);
	free(r->table);
	free(r);
}

/* The first code point of s, or -1. */
static UChar32 first_cp(const char *s, size_t len)
{
	int32_t i = 0;
	UChar32 c;

	if (!len)
		return -1;
	U8_NEXT(s, i, (int32_t)(len > 8 ? 8 : len), c);
	return c;
}

static int parse_error(const char *path, long line, const char *what)
{
	aln__error(ALN_EFORMAT, _("invalid segmentation rule: %s"), what);
	aln__error_at(path, line, 0, -1);
	aln__error_hint("%s", _("see locales/README.md for the format of "
				"segment.txt"));
	return ALN_EFORMAT;
}

/*
 * Reads one segment.txt into r. A missing file is not an error: the
 * language then has no data.
 */
static int load_file(rules *r, const char *path)
{
	char line[4096];
	long lineno = 0;
	FILE *f = fopen(path, "r");
	int rc = 0;

	if (!f)
		return 0;
	r->has_data = 1;
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		char *save = NULL, *kw, *w;
		unsigned int flags = 0;

		lineno++;
		if (strchr(line, '#') == line)
			continue;
		if (!(kw = strtok_r(line, " \t\r\n", &save)))
			continue;
		if (!strcmp(kw, "abbrev"))
			flags = F_ABBREV;
		else if (!strcmp(kw, "abbrev-cap"))
			flags = F_ABBREV_CAP;
		else if (!strcmp(kw, "abbrev-starter"))
			flags = F_ABBREV_STARTER;
		else if (!strcmp(kw, "abbrev-num"))
			flags = F_ABBREV_NUM;
		else if (!strcmp(kw, "starter"))
			flags = F_STARTER;
		else if (!strcmp(kw, "ordinal")) {
			r->ordinal = 1;
			continue;
		} else if (!strcmp(kw, "cjk")) {
			r->cjk = 1;
			continue;
		} else if (!strcmp(kw, "abbrev-suffix")) {
			while ((w = strtok_r(NULL, " \t\r\n", &save)) &&
			       r->nsuffixes < MAX_SUFFIXES)
				snprintf(r->suffix[r->nsuffixes++],
					 sizeof(r->suffix[0]), "%s", w);
			continue;
		} else if (!strcmp(kw, "terminator")) {
			while ((w = strtok_r(NULL, " \t\r\n", &save)) &&
			       r->nterms < MAX_TERMS)
				r->terms[r->nterms++] = first_cp(w, strlen(w));
			continue;
		} else if (!strcmp(kw, "pair")) {
			while ((w = strtok_r(NULL, " \t\r\n", &save)) &&
			       r->npairs < MAX_PAIRS) {
				int32_t i = 0, n = (int32_t)strlen(w);
				UChar32 a, b = -1;

				U8_NEXT(w, i, n, a);
				if (i < n)
					U8_NEXT(w, i, n, b);
				if (a < 0 || b < 0) {
					rc = parse_error(path, lineno, w);
					break;
				}
				r->open[r->npairs] = a;
				r->close[r->npairs++] = b;
			}
			continue;
		} else {
			rc = parse_error(path, lineno, kw);
			break;
		}
		while (rc == 0 && (w = strtok_r(NULL, " \t\r\n", &save))) {
			size_t n = strlen(w);

			/* A final period is allowed and ignored. */
			if (n > 1 && w[n - 1] == '.' && flags != F_STARTER)
				n--;
			rc = insert(r, w, n, flags);
		}
	}
	fclose(f);
	return rc;
}

/* The pairs no sentence ends inside, in every language. */
static void default_pairs(rules *r)
{
	static const UChar32 pairs[][2] = {
		{ 0x300C, 0x300D }, /* 「」 */
		{ 0x300E, 0x300F }, /* 『』 */
		{ 0x300A, 0x300B }, /* 《》 */
		{ 0x3008, 0x3009 }, /* 〈〉 */
		{ 0xFF08, 0xFF09 }, /* （） */
		{ 0x3010, 0x3011 }, /* 【】 */
		{ 0x3014, 0x3015 }, /* 〔〕 */
	};
	size_t i;

	for (i = 0; i < ALN_ARRAY_SIZE(pairs) && r->npairs < MAX_PAIRS; i++) {
		r->open[r->npairs] = pairs[i][0];
		r->close[r->npairs++] = pairs[i][1];
	}
}

/*
 * The rules for tag: those of the full tag's folder, then of its base
 * language, loaded once and kept. Returns NULL after raising an error.
 */
static const rules *get_rules(const char *tag)
{
	char canon[ALN_LANG_MAX], base[ALN_LANG_MAX];
	rules *r;
	char *path;
	int rc = 0;

	if (!tag || !*tag)
		tag = "und";
	if (!strcmp(tag, "und")) {
		snprintf(canon, sizeof(canon), "und");
		snprintf(base, sizeof(base), "und");
	} else if (aln_lang_canonical(canon, sizeof(canon), tag) < 0 ||
		   aln_lang_base(base, sizeof(base), tag) < 0) {
		return NULL;
	}
	pthread_mutex_lock(&rules_lock);
	for (r = loaded; r; r = r->next)
		if (!strcmp(r->tag, canon))
			goto done;
	if (!(r = aln__calloc(1, sizeof(*r))))
		goto done;
	snprintf(r->tag, sizeof(r->tag), "%s", canon);
	default_pairs(r);
	if (strcmp(base, canon)) {
		if (!(path = aln__data_path(base, "segment.txt")))
			rc = ALN_ENOMEM;
		else
			rc = load_file(r, path);
		free(path);
	}
	if (rc == 0) {
		if (!(path = aln__data_path(canon, "segment.txt")))
			rc = ALN_ENOMEM;
		else
			rc = load_file(r, path);
		free(path);
	}
	if (rc < 0) {
		rules_free(r);
		r = NULL;
		goto done;
	}
	/*
	 * Without data, ICU's own suppressions (Mr., etc.) are the best
	 * there is; with data, the rules decide.
	 */
	snprintf(r->icu, sizeof(r->icu), "%s%s",
		 strcmp(canon, "und") ? canon : "",
		 r->has_data ? "" : "@ss=standard");
	r->next = loaded;
	loaded = r;
done:
	pthread_mutex_unlock(&rules_lock);
	return r;
}

static _Thread_local struct {
	UBreakIterator *bi;
	char locale[ALN_LANG_MAX + 16];
} cache;

static UBreakIterator *sentence_iterator(const rules *r)
{
	UErrorCode st = U_ZERO_ERROR;

	if (cache.bi && !strcmp(cache.locale, r->icu))
		return cache.bi;
	if (cache.bi)
		ubrk_close(cache.bi);
	cache.bi = ubrk_open(UBRK_SENTENCE, r->icu, NULL, 0, &st);
	if (U_FAILURE(st)) {
		cache.bi = NULL;
		aln__error(ALN_EICU,
			   _("cannot open the sentence break rules: %s"),
			   u_errorName(st));
		return NULL;
	}
	snprintf(cache.locale, sizeof(cache.locale), "%s", r->icu);
	return cache.bi;
}

/* --- character classes ---------------------------------------------- */

static UChar32 cp_at(const char *s, size_t i, size_t end)
{
	int32_t j = 0;
	UChar32 c;
	size_t n = end - i > 8 ? 8 : end - i;

	if (i >= end)
		return -1;
	if ((unsigned char)s[i] < 0x80)
		return (unsigned char)s[i];
	U8_NEXT(s + i, j, (int32_t)n, c);
	return c;
}

/* The start of the code point that ends just before i (i > start). */
static size_t prev_at(const char *s, size_t start, size_t i)
{
	i--;
	while (i > start && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

static size_t next_at(const char *s, size_t i, size_t end)
{
	i++;
	while (i < end && ((unsigned char)s[i] & 0xC0) == 0x80)
		i++;
	return i;
}

static int is_space(UChar32 c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 ||
	       c == 0x202F || c == 0x3000 || c == 0x2007 || c == 0x85 ||
	       (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
	       c == '\f' || c == '\v';
}

static int is_closer(UChar32 c)
{
	int8_t t;

	if (c == '"' || c == '\'' || c == ')' || c == ']' || c == '}')
		return 1;
	if (c < 0x80)
		return 0;
	t = u_charType(c);
	return t == U_END_PUNCTUATION || t == U_FINAL_PUNCTUATION ||
	       t == U_INITIAL_PUNCTUATION;
}

static int is_opener(UChar32 c)
{
	int8_t t;

	if (c == '"' || c == '\'' || c == '(' || c == '[' || c == '{' ||
	    c == '-' || c == 0xBF || c == 0xA1 || c == 0x2013 || c == 0x2014)
		return 1;
	if (c < 0x80)
		return 0;
	t = u_charType(c);
	return t == U_START_PUNCTUATION || t == U_INITIAL_PUNCTUATION ||
	       t == U_FINAL_PUNCTUATION;
}

static int is_term(const rules *r, UChar32 c)
{
	int i;

	if (c == '.' || c == '!' || c == '?' || c == 0x2026)
		return 1;
	for (i = 0; i < r->nterms; i++)
		if (r->terms[i] == c)
			return 1;
	return c >= 0x80 && u_hasBinaryProperty(c, UCHAR_S_TERM);
}

/* Upper case, title case, or a letter of a script without case. */
static int is_capital(UChar32 c)
{
	if (c < 0)
		return 0;
	if (u_isupper(c) || u_istitle(c))
		return 1;
	return u_isalpha(c) && !u_hasBinaryProperty(c, UCHAR_CASED);
}

static int is_lower(UChar32 c)
{
	return c >= 0 && u_islower(c);
}

/* --- one paragraph ---------------------------------------------------- */

typedef struct cand {
	size_t pos;
	int forced; /* added by a rule: no rule takes it away */
} cand;

typedef struct span {
	size_t start, end;
} span;

typedef struct segctx {
	const rules *r;
	UBreakIterator *bi;
	UText *ut;
	cand *c;
	size_t nc, capc;
	span *guard; /* bracket pairs: no boundary inside */
	size_t ng, capg;
	span *skip; /* list markers: no boundary inside or right after */
	size_t ns, caps;
	aln_sentence *out;
	size_t nout, capout;
	int32_t nextb; /* the next ICU boundary not yet used */
} segctx;

static int add_cand(segctx *x, size_t pos, int forced)
{
	if (aln__grow(&x->c, &x->capc, x->nc + 1, sizeof(*x->c)) < 0)
		return ALN_ENOMEM;
	x->c[x->nc].pos = pos;
	x->c[x->nc].forced = forced;
	x->nc++;
	return 0;
}

static int cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;

	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return y->forced - x->forced;
}

static int cmp_span(const void *a, const void *b)
{
	const span *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

/*
 * Bracket pairs that open and close inside the paragraph guard what
 * they hold; unmatched ones guard nothing, so a stray bracket never
 * swallows a paragraph.
 */
static int find_guards(segctx *x, const char *s, size_t ps, size_t pe)
{
	struct {
		int pair;
		size_t pos;
	} stack[64];
	int depth = 0, k;
	size_t i = ps;

	x->ng = 0;
	while (i < pe) {
		unsigned char b = (unsigned char)s[i];
		UChar32 c;

		if (b != 0xE2 && b != 0xE3 && b != 0xEF && b != 0xC2) {
			i++;
			continue;
		}
		c = cp_at(s, i, pe);
		for (k = 0; k < x->r->npairs; k++) {
			if (c == x->r->open[k] &&
			    x->r->open[k] != x->r->close[k]) {
				if (depth < 64) {
					stack[depth].pair = k;
					stack[depth++].pos = i;
				}
				break;
			}
			if (c == x->r->close[k]) {
				int d = depth - 1;

				while (d >= 0 && stack[d].pair != k)
					d--;
				if (d >= 0) {
					if (aln__grow(&x->guard, &x->capg,
						      x->ng + 1,
						      sizeof(span)) < 0)
						return ALN_ENOMEM;
					x->guard[x->ng].start = stack[d].pos;
					x->guard[x->ng++].end = i;
					depth = d;
				}
				break;
			}
		}
		i = next_at(s, i, pe);
	}
	if (x->ng > 1) {
		size_t a, n = 0;

		qsort(x->guard, x->ng, sizeof(span), cmp_span);
		for (a = 0; a < x->ng; a++) {
			if (n && x->guard[a].start <= x->guard[n - 1].end) {
				if (x->guard[a].end > x->guard[n - 1].end)
					x->guard[n - 1].end = x->guard[a].end;
			} else {
				x->guard[n++] = x->guard[a];
			}
		}
		x->ng = n;
	}
	return 0;
}

/* A list marker found in a paragraph. */
typedef struct marker {
	size_t start, end; /* end: just past its punctuation */
	int kind;	   /* 1 digits, 2 letter, 3 bullet */
	int style;	   /* '.', ')' or 'x' for ".)" */
	long value;
	int ok;
} marker;

static int is_bullet(UChar32 c)
{
	return c == 0x2022 || c == 0x2023 || c == 0x2043 || c == 0x25E6 ||
	       c == 0x25AA || c == 0x25CF || c == 0x25A0;
}

/*
 * Inline lists: "1.) one 2.) two", "a. one b. two", "• one • two". A
 * numbered or lettered marker counts only when its neighbour in the
 * sequence is there too; then a sentence begins at each marker and none
 * ends right after one.
 */
static int is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80;
}

/*
 * Boundaries ICU does not offer after the period at p: "world.Today"
 * (no space between two sentences: a word of letters, the period, a
 * capitalised word of letters) and "left. 3 people" (a number after the
 * space). The rules then judge them like any other.
 */
static int glued(segctx *x, const char *s, size_t ps, size_t pe, size_t p)
{
	size_t a = p, q = p + 1;

	if (q < pe && s[q] >= 'A' && s[q] <= 'Z') {
		while (a > ps && (is_word_byte((unsigned char)s[a - 1]) ||
				  (s[a - 1] == ',' && a - 1 > ps &&
				   s[a - 2] >= '0' && s[a - 2] <= '9')))
			a--;
		if (p - a < 2 || (a > ps && s[a - 1] != ' '))
			return 0;
		if (!((s[p - 1] >= 'a' && s[p - 1] <= 'z') ||
		      (s[p - 1] >= '0' && s[p - 1] <= '9')))
			return 0;
		while (q < pe && is_word_byte((unsigned char)s[q]) &&
		       !(s[q] >= '0' && s[q] <= '9'))
			q++;
		if (q - p < 3) /* "Ph.D.": one letter is an abbreviation */
			return 0;
		if (q < pe && strchr(".,!?;:", s[q]))
			q++;
		if (q < pe && s[q] != ' ')
			return 0;
		return add_cand(x, p + 1, 0);
	}
	if (q < pe && s[q] == ' ') {
		while (q < pe && s[q] == ' ')
			q++;
		if (q < pe && s[q] >= '0' && s[q] <= '9')
			return add_cand(x, q, 0);
	}
	return 0;
}

/*
 * Looks at the byte at p, a '.', a ')' or 0xE2: a period may glue two
 * sentences; any may make a list marker, appended to m. Returns the
 * position from which to go on, or (size_t)-1 when out of memory.
 */
static size_t list_visit(segctx *x, const char *s, size_t ps, size_t pe,
			 size_t p, marker *m, int *nm, int *nbul)
{
	unsigned char b = (unsigned char)s[p];
	size_t a, q;
	long v = 0;
	int kind, style, n = *nm;

	if (b == 0xE2) {
		if (!is_bullet(cp_at(s, p, pe)))
			return p + 1;
		if (p > ps && s[p - 1] != ' ' && s[p - 1] != '\t' &&
		    !(n && m[n - 1].kind == 3 && m[n - 1].end == p))
			return p + 1;
		q = next_at(s, p, pe);
		while (q < pe && s[q] == ' ')
			q++;
		m[n].start = p;
		m[n].end = q;
		m[n].kind = 3;
		m[n].style = 0;
		m[n].value = 0;
		m[n].ok = 0;
		(*nm)++;
		(*nbul)++;
		return q;
	}
	if (b == '.' && glued(x, s, ps, pe, p) < 0)
		return (size_t)-1;
	/* The token before: 1-3 digits or one lower-case letter. */
	a = p;
	while (a > ps && p - a < 4 && s[a - 1] >= '0' && s[a - 1] <= '9')
		a--;
	if (a < p && p - a <= 3) {
		size_t d;

		kind = 1;
		for (d = a; d < p; d++)
			v = v * 10 + (s[d] - '0');
	} else if (a == p && p > ps && s[p - 1] >= 'a' && s[p - 1] <= 'z') {
		kind = 2;
		a = p - 1;
		v = s[a] - 'a' + 1;
	} else {
		return p + 1;
	}
	if (a > ps && s[a - 1] != ' ' && s[a - 1] != '\t' &&
	    !(n && m[n - 1].kind == 3 && m[n - 1].end == a))
		return p + 1;
	q = p + 1;
	style = b;
	if (b == '.' && q < pe && s[q] == ')')
		style = 'x', q++;
	if (q < pe && s[q] != ' ' && s[q] != '\t')
		return p + 1;
	/* "bring 1) a torch, 2) a map": items inside a sentence. */
	{
		size_t f = q;

		while (f < pe && (s[f] == ' ' || s[f] == '\t'))
			f++;
		if (is_lower(cp_at(s, f, pe)))
			return p + 1;
	}
	m[n].start = a;
	m[n].end = q;
	m[n].kind = kind;
	m[n].style = style;
	m[n].value = v;
	m[n].ok = 0;
	(*nm)++;
	return q;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

static int find_lists(segctx *x, const char *s, size_t ps, size_t pe,
		      int *brackets)
{
	static const char wanted[] = { '.', ')', (char)0xE2 };
	marker m[256];
	size_t pos[2048], p, from;
	int nm = 0, i, j, k, np = 0, nbul = 0, wide = x->r->npairs > 7;
	const char *f;

	x->ns = 0;
	*brackets = memchr(s + ps, 0xE3, pe - ps) ||
		    memchr(s + ps, 0xEF, pe - ps) ||
		    (wide && (memchr(s + ps, 0xE2, pe - ps) ||
			      memchr(s + ps, 0xC2, pe - ps)));
	/*
	 * memchr finds the few bytes that matter far faster than a loop
	 * looks at every byte; windows bound the positions kept at once.
	 */
	for (from = p = ps; from < pe && nm < 250; from += 2048) {
		size_t upto = pe - from > 2048 ? from + 2048 : pe;

		np = 0;
		for (k = 0; k < 3; k++)
			for (f = memchr(s + from, wanted[k], upto - from); f;
			     f = memchr(f + 1, wanted[k],
					upto - (size_t)(f + 1 - s)))
				pos[np++] = (size_t)(f - s);
		if (np > 64) {
			qsort(pos, (size_t)np, sizeof(*pos), cmp_size);
		} else {
			/* Three sorted runs of a few: insertion is enough. */
			for (i = 1; i < np; i++) {
				size_t v = pos[i];

				for (j = i; j > 0 && pos[j - 1] > v; j--)
					pos[j] = pos[j - 1];
				pos[j] = v;
			}
		}
		for (i = 0; i < np && nm < 250; i++) {
			if (pos[i] < p)
				continue;
			p = list_visit(x, s, ps, pe, pos[i], m, &nm, &nbul);
			if (p == (size_t)-1)
				return ALN_ENOMEM;
		}
	}
	for (i = 0; i < nm; i++) {
		if (m[i].kind == 3) {
			m[i].ok = nbul >= 2 || m[i].start == ps;
			continue;
		}
		for (j = 0; j < nm && !m[i].ok; j++)
			if (j != i && m[j].kind == m[i].kind &&
			    m[j].style == m[i].style &&
			    ((j > i && m[j].value == m[i].value + 1) ||
			     (j < i && m[j].value == m[i].value - 1)))
				m[i].ok = 1;
	}
	/*
	 * A sequence is a list when it starts at 1 (or a), at the start of
	 * the paragraph or after a bullet; where a period marks ordinals
	 * ("vom 1. bis 3. Mai"), only at the start of the paragraph.
	 */
	for (i = 0; i < nm; i++) {
		int root = i, after;

		if (m[i].kind == 3 || !m[i].ok)
			continue;
		for (j = i - 1; j >= 0; j--)
			if (m[j].kind == m[i].kind &&
			    m[j].style == m[i].style &&
			    m[j].value == m[root].value - 1)
				root = j;
		after = root > 0 && m[root - 1].kind == 3 &&
			m[root - 1].end == m[root].start;
		if (!(m[root].start == ps || after ||
		      (m[root].value == 1 &&
		       (!x->r->ordinal || m[i].style != '.'))))
			m[i].ok = 0;
	}
	for (i = 0; i < nm; i++) {
		size_t q;
		int after_bullet;

		if (!m[i].ok)
			continue;
		after_bullet = i > 0 && m[i - 1].ok && m[i - 1].kind == 3 &&
			       m[i - 1].end == m[i].start;
		if (m[i].start > ps && !after_bullet &&
		    add_cand(x, m[i].start, 1) < 0)
			return ALN_ENOMEM;
		q = m[i].end;
		while (q < pe && (s[q] == ' ' || s[q] == '\t'))
			q++;
		if (aln__grow(&x->skip, &x->caps, x->ns + 1, sizeof(span)) < 0)
			return ALN_ENOMEM;
		x->skip[x->ns].start = m[i].start;
		x->skip[x->ns++].end = q;
	}
	return 0;
}

/* Boundaries after a language's own terminators, which ICU ignores. */
static int find_terms(segctx *x, const char *s, size_t ps, size_t pe)
{
	const char *f;
	size_t p;
	int k;

	/* "Il hésita… Puis": ICU does not take "…" for a terminator. */
	for (f = memchr(s + ps, 0xE2, pe - ps); f;
	     f = memchr(f + 1, 0xE2, pe - (size_t)(f + 1 - s))) {
		size_t q = (size_t)(f - s) + 3;

		if (q > pe || f[1] != '\x80' || f[2] != '\xA6')
			continue;
		while (q < pe && is_closer(cp_at(s, q, pe)))
			q = next_at(s, q, pe);
		if (q < pe && s[q] == ' ') {
			while (q < pe && s[q] == ' ')
				q++;
			if (q < pe && add_cand(x, q, 0) < 0)
				return ALN_ENOMEM;
		}
	}
	/*
	 * “好吗？”“好！”: ICU takes both quotes for closing ones and sees
	 * no boundary between a closed quotation and an opening one.
	 */
	for (p = ps; x->r->cjk && p < pe; p = next_at(s, p, pe)) {
		UChar32 c = cp_at(s, p, pe);
		size_t q;

		if (c < 0x80 || !is_term(x->r, c))
			continue;
		q = next_at(s, p, pe);
		while (q < pe && (c = cp_at(s, q, pe)) != 0x201C &&
		       c != 0x2018 && is_closer(c))
			q = next_at(s, q, pe);
		if (q > next_at(s, p, pe) && q < pe &&
		    (c == 0x201C || c == 0x2018 || c == 0x300C ||
		     c == 0x300E) &&
		    add_cand(x, q, 0) < 0)
			return ALN_ENOMEM;
	}

	for (k = 0; k < x->r->nterms; k++) {
		UChar32 t = x->r->terms[k];

		if (t >= 0x80)
			continue; /* ICU knows the non-ASCII ones */
		for (p = ps; p < pe; p++) {
			size_t q = p + 1;

			if (s[p] != (char)t)
				continue;
			while (q < pe && is_closer(cp_at(s, q, pe)))
				q = next_at(s, q, pe);
			if (q < pe && s[q] == ' ') {
				while (q < pe && s[q] == ' ')
					q++;
				if (q < pe && add_cand(x, q, 0) < 0)
					return ALN_ENOMEM;
			}
		}
	}
	return 0;
}

static size_t lower_copy(char *out, size_t size, const char *s, size_t len)
{
	size_t i = 0, o = 0;

	while (i < len) {
		UChar32 c;
		UBool err = 0;

		if ((unsigned char)s[i] < 0x80) {
			if (o + 1 >= size)
				return 0;
			out[o++] =
				(char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32
								    : s[i]);
			i++;
			continue;
		}
		U8_NEXT(s, i, len, c);
		if (c < 0)
			return 0;
		c = u_tolower(c);
		if (o + 4 >= size)
			return 0;
		U8_APPEND(out, o, size, c, err);
		if (err)
			return 0;
	}
	return o;
}

/* Flags of word s[a..b) as written, else in lower case. */
static unsigned int word_flags(const rules *r, const char *s, size_t a,
			       size_t b)
{
	char low[128];
	unsigned int f;
	size_t n;

	if (b - a > r->longest * 2)
		return 0;
	f = lookup(r, s + a, b - a);
	if (f || b - a >= sizeof(low) / 2)
		return f;
	if ((n = lower_copy(low, sizeof(low), s + a, b - a)) &&
	    (n != b - a || memcmp(low, s + a, n)))
		f = lookup(r, low, n);
	/* "prof." and "dott." as often as "Prof." and "Dott.". */
	if (!f && (unsigned char)s[a] >= 'a' && (unsigned char)s[a] <= 'z' &&
	    b - a < sizeof(low)) {
		memcpy(low, s + a, b - a);
		low[0] = (char)(low[0] - 32);
		f = lookup(r, low, b - a) & ~F_STARTER;
	}
	return f;
}

/*
 * The abbreviation flags of what ends at the period at t: the word
 * before it, or with the one or two words before that when they end in
 * periods ("z. B", "av. J.-C"), joined without spaces.
 */
static unsigned int abbrev_flags(const rules *r, const char *s, size_t ps,
				 size_t ws, size_t t)
{
	char key[128];
	size_t starts[3], n = 0, i;
	size_t a = ws;
	unsigned int f;

	starts[n++] = ws;
	while (n < 3 && a > ps) {
		size_t e = a, b;

		while (e > ps && s[e - 1] == ' ')
			e--;
		if (e == a || e == ps || s[e - 1] != '.' || a - e > 2)
			break;
		b = e;
		while (b > ps && s[b - 1] != ' ' && e - b < 12)
			b--;
		if (b < e && s[b] == '(')
			b++;
		if (e - b > 8 || b == e)
			break;
		starts[n++] = b;
		a = b;
	}
	for (i = n; i-- > 0;) {
		size_t k = 0, p;

		if (i == 0) {
			size_t k2 = t;

			int k3;

			if ((f = word_flags(r, s, ws, t)))
				return f;
			for (k3 = 0; k3 < r->nsuffixes; k3++) {
				size_t m = strlen(r->suffix[k3]);

				if (t - ws > m + 1 &&
				    !memcmp(s + t - m, r->suffix[k3], m))
					return F_ABBREV;
			}
			/* "L'Avv.", "dell’ing.": the word after the elision. */
			while (k2 > ws && s[k2 - 1] != '\'' &&
			       !(k2 - ws >= 3 &&
				 !memcmp(s + k2 - 3, "\xE2\x80\x99", 3)))
				k2--;
			return k2 > ws && k2 < t ? word_flags(r, s, k2, t) : 0;
		}
		for (p = starts[i]; p < t && k < sizeof(key) - 1; p++)
			if (s[p] != ' ')
				key[k++] = s[p];
		if ((f = word_flags(r, key, 0, k)) &
		    (F_ABBREV | F_ABBREV_CAP | F_ABBREV_STARTER | F_ABBREV_NUM))
			return f;
	}
	return 0;
}

/* What kind of word s[a..b) is, for the period after it. */
enum { W_OTHER, W_INITIAL, W_DOTTED, W_NUMBER, W_ROMAN };

static int word_kind(const char *s, size_t a, size_t b)
{
	size_t i = a, seg = 0, segs = 1, digits = 0, letters = 0, roman = 0;

	if (b - a > 24)
		return W_OTHER; /* initials, acronyms and ordinals are short */

	while (i < b) {
		UChar32 c = cp_at(s, i, b);

		if (c == '.') {
			if (!seg || seg > 2)
				return W_OTHER;
			segs++;
			seg = 0;
		} else if (c >= '0' && c <= '9') {
			digits++;
		} else if (u_isalpha(c)) {
			letters++;
			seg++;
			if (strchr("IVXLCM", c) && c < 0x80)
				roman++;
		} else {
			return W_OTHER;
		}
		i = next_at(s, i, b);
	}
	if (digits && !letters)
		return digits <= 3 && segs == 1 ? W_NUMBER : W_OTHER;
	if (digits)
		return W_OTHER;
	if (segs == 1 && letters == 1)
		return W_INITIAL;
	if (segs > 1 && seg <= 2 && seg > 0)
		return W_DOTTED;
	if (segs == 1 && roman == letters && letters <= 5)
		return W_ROMAN;
	return W_OTHER;
}

static int in_spans(const span *sp, size_t n, size_t *k, size_t pos,
		    int inclusive_end)
{
	while (*k < n && (inclusive_end ? sp[*k].end < pos : sp[*k].end <= pos))
		(*k)++;
	return *k < n && sp[*k].start < pos &&
	       (inclusive_end ? pos <= sp[*k].end : pos < sp[*k].end);
}

/*
 * Whether the word at n is a starter: as it is, with the apostrophe
 * that follows it ("L'", "C’"), or with what follows the apostrophe
 * ("Let's", "Don't").
 */
static int starter(const rules *r, const char *s, size_t n, size_t pe)
{
	size_t a, z, nw = n;
	UChar32 c;

	while (nw < pe && nw - n < 64 && u_isalpha(cp_at(s, nw, pe)))
		nw = next_at(s, nw, pe);
	c = cp_at(s, nw, pe);

	/* "A. S. Pushkin": a letter and a period is an initial. */
	if (c == '.' && next_at(s, n, pe) == nw)
		return 0;
	if (lookup(r, s + n, nw - n) & F_STARTER)
		return 1;
	if (c != '\'' && c != 0x2019)
		return 0;
	a = next_at(s, nw, pe);
	if (lookup(r, s + n, a - n) & F_STARTER)
		return 1;
	z = a;
	while (z < pe && u_isalpha(cp_at(s, z, pe)))
		z = next_at(s, z, pe);
	return z > a && (lookup(r, s + n, z - n) & F_STARTER);
}

/*
 * Whether the candidate boundary at b (the start of the next sentence,
 * after white space) stands.
 */
static int keep(segctx *x, const char *s, size_t ps, size_t pe, size_t cur,
		size_t b)
{
	const rules *r = x->r;
	size_t e = b, q, t, ws, n;
	UChar32 c, next;
	unsigned int f;
	int kind, closers = 0, cjk_close = 0;

	while (e > ps && is_space(cp_at(s, prev_at(s, ps, e), pe)))
		e = prev_at(s, ps, e);
	q = e;
	while (q > ps && (is_closer(c = cp_at(s, prev_at(s, ps, q), pe)) ||
			  (closers && is_space(c)))) {
		closers += !is_space(c);
		cjk_close |= c >= 0x3000 || c == 0x201D || c == 0x2019;
		q = prev_at(s, ps, q);
	}
	t = q;
	while (t > ps && is_term(r, cp_at(s, prev_at(s, ps, t), pe)))
		t = prev_at(s, ps, t);
	if (t == q)
		return 1; /* not after a terminator: ICU's reasons */
	n = b;
	while (n < pe && is_opener(cp_at(s, n, pe)))
		n = next_at(s, n, pe);
	next = cp_at(s, n, pe);
	if (is_lower(next))
		return 0;
	/*
	 * 「はい。」と言った, 他说：“好。”然后走了: a quotation closed
	 * inside a sentence that goes on.
	 */
	if (r->cjk && closers && cjk_close && n == b && next >= 0 &&
	    u_isalpha(next))
		return 0;
	if (!(q - t == 1 && s[t] == '.'))
		return 1;
	/* One period: what ends there? */
	ws = t;
	while (ws > ps) {
		unsigned char u = (unsigned char)s[ws - 1];

		/* No abbreviation is that long: bound the work. */
		if (t - ws > 64)
			return 1;

		if (u > ' ' && u < 0x80) {
			ws--;
			continue;
		}
		if (is_space(cp_at(s, prev_at(s, ps, ws), pe)))
			break;
		ws = prev_at(s, ps, ws);
	}
	if (ws < cur) /* "Tuesday.Mr. Smith": the word starts the sentence */
		ws = cur;
	while (ws < t && is_opener(cp_at(s, ws, t)))
		ws = next_at(s, ws, t);
	if (ws == t) {
		/*
		 * A spaced ellipsis ". . ." leaves words out inside a
		 * sentence; with a fourth period (". . . ." or "word. . . .")
		 * the sentence ends.
		 */
		size_t d = t;
		int dots = 1;

		while (d >= ps + 2 && s[d - 1] == ' ' && s[d - 2] == '.') {
			dots++;
			d -= 2;
		}
		if (dots == 3 && !(d > ps && s[d - 1] == '.'))
			return 0;
		return 1;
	}
	f = abbrev_flags(r, s, ps, ws, t);
	if (f & F_ABBREV)
		return 0;
	if ((f & F_ABBREV_NUM) && next >= 0 && u_isdigit(next))
		return 0;
	if (f & F_ABBREV_CAP)
		return is_capital(next);
	if (f & F_ABBREV_STARTER)
		return starter(r, s, n, pe);
	kind = word_kind(s, ws, t);
	/* "1. Introduction", "IV. Results": a marker is not a sentence. */
	while (cur < ws && is_space(cp_at(s, cur, ws)))
		cur = next_at(s, cur, ws);
	if (cur == ws &&
	    (kind == W_NUMBER || kind == W_INITIAL || kind == W_ROMAN))
		return 0;
	if (kind == W_ROMAN)
		kind = r->ordinal ? W_NUMBER : W_OTHER;
	/*
	 * "à 14 h.", "5 m.": a lower-case unit letter after a number is no
	 * initial ("200 a. C." and "1492 C. Colombo" still are).
	 */
	if (kind == W_INITIAL) {
		size_t d = ws;

		while (d > ps && s[d - 1] == ' ')
			d--;
		if (d < ws && d > ps && s[d - 1] >= '0' && s[d - 1] <= '9' &&
		    strchr("hmsglt", s[ws]) && s[ws])
			kind = W_OTHER;
	}
	if (kind == W_INITIAL || (kind == W_DOTTED && r->has_data) ||
	    (kind == W_NUMBER && r->ordinal)) {
		if (!r->has_data && kind == W_INITIAL)
			return 0;
		return starter(r, s, n, pe);
	}
	return 1;
}

/*
 * ICU breaks before a closing quote set off by a space (« Non ! »): the
 * quote belongs to the sentence it closes, so the boundary moves past it
 * when only white space follows it.
 */
static size_t past_closers(const char *s, size_t b, size_t pe)
{
	size_t q = b;
	UChar32 c;

	while (q < pe && (c = cp_at(s, q, pe)) >= 0 && c != '(' && c != '[' &&
	       is_closer(c) && u_charType(c) != U_INITIAL_PUNCTUATION)
		q = next_at(s, q, pe);
	if (q == b)
		return b;
	if (q < pe && !is_space(cp_at(s, q, pe)))
		return b;
	while (q < pe && is_space(cp_at(s, q, pe)))
		q = next_at(s, q, pe);
	return q;
}

static int emit(segctx *x, const char *s, size_t a, size_t b, size_t para)
{
	while (a < b && ((unsigned char)s[a] > ' ' && (unsigned char)s[a] < 0x80
				 ? 0
				 : is_space(cp_at(s, a, b))))
		a = next_at(s, a, b);
	while (b > a &&
	       ((unsigned char)s[b - 1] > ' ' && (unsigned char)s[b - 1] < 0x80
			? 0
			: is_space(cp_at(s, prev_at(s, a, b), b))))
		b = prev_at(s, a, b);
	if (a == b)
		return 0;
	if (aln__grow(&x->out, &x->capout, x->nout + 1, sizeof(*x->out)) < 0)
		return ALN_ENOMEM;
	x->out[x->nout].start = a;
	x->out[x->nout].end = b;
	x->out[x->nout].paragraph = para;
	x->nout++;
	return 0;
}

/*
 * Segments s[ps..pe), one paragraph (no paragraph break inside, but it
 * may hold single line breaks when s is a copy made for ICU).
 */
static int segment_para(segctx *x, const char *s, size_t ps, size_t pe,
			size_t para)
{
	size_t i, cur, kg = 0, ks = 0, nicu;
	int rc, brackets;

	while (ps < pe && is_space(cp_at(s, ps, pe)))
		ps = next_at(s, ps, pe);
	while (pe > ps && is_space(cp_at(s, prev_at(s, ps, pe), pe)))
		pe = prev_at(s, ps, pe);
	if (ps == pe)
		return 0;
	x->nc = 0;
	/* The iterator runs once over the whole text, paragraph by paragraph. */
	while (x->nextb != UBRK_DONE && (size_t)x->nextb < pe) {
		if ((size_t)x->nextb > ps &&
		    (rc = add_cand(x, (size_t)x->nextb, 0)) < 0)
			return rc;
		x->nextb = ubrk_next(x->bi);
	}
	nicu = x->nc;
	if ((rc = find_lists(x, s, ps, pe, &brackets)) < 0 ||
	    (rc = find_terms(x, s, ps, pe)) < 0)
		return rc;
	x->ng = 0;
	if (brackets && (rc = find_guards(x, s, ps, pe)) < 0)
		return rc;
	if (x->nc > nicu && x->nc > 1)
		qsort(x->c, x->nc, sizeof(*x->c), cmp_cand);
	cur = ps;
	for (i = 0; i < x->nc; i++) {
		size_t b = x->c[i].pos;

		if (!x->c[i].forced)
			b = past_closers(s, b, pe);
		if (b <= cur || (i && b == x->c[i - 1].pos))
			continue;
		if (in_spans(x->skip, x->ns, &ks, b, 1))
			continue;
		if (!x->c[i].forced) {
			if (in_spans(x->guard, x->ng, &kg, b, 0))
				continue;
			if (!keep(x, s, ps, pe, cur, b))
				continue;
		}
		if ((rc = emit(x, s, cur, b, para)) < 0)
			return rc;
		cur = b;
	}
	return emit(x, s, cur, pe, para);
}

static int ctx_open(segctx *x, const char *lang)
{
	memset(x, 0, sizeof(*x));
	if (!(x->r = get_rules(lang)))
		return aln_error_last() ? aln_error_last()->code : ALN_ENOMEM;
	if (!(x->bi = sentence_iterator(x->r)))
		return ALN_EICU;
	return 0;
}

/* Points the iterator at the whole of text s (len bytes). */
static int ctx_text(segctx *x, const char *s, size_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	size_t guess = len / 32 + 16;

	/* Room for a typical sentence length, so growth rarely copies. */
	if (!x->out && guess < SIZE_MAX / sizeof(*x->out) &&
	    (x->out = aln__malloc_big(guess * sizeof(*x->out))))
		x->capout = guess;

	if (len > INT32_MAX)
		return aln__error(ALN_ELIMIT, "%s",
				  _("the text is too long to segment"));
	x->ut = utext_openUTF8(x->ut, s, (int64_t)len, &st);
	if (U_SUCCESS(st))
		ubrk_setUText(x->bi, x->ut, &st);
	if (U_FAILURE(st))
		return aln__error(ALN_EICU, _("cannot read the text: %s"),
				  u_errorName(st));
	ubrk_first(x->bi);
	x->nextb = ubrk_next(x->bi);
	return 0;
}

static void ctx_close(segctx *x)
{
	UErrorCode st = U_ZERO_ERROR;

	if (x->bi)
		ubrk_setText(x->bi, NULL, 0, &st);
	utext_close(x->ut);
	free(x->c);
	free(x->guard);
	free(x->skip);
}

static int finish(segctx *x, aln_sentence **out, size_t *count, int rc)
{
	ctx_close(x);
	if (rc < 0 || !x->nout) {
		free(x->out);
		return rc;
	}
	*out = x->out;
	*count = x->nout;
	return 0;
}

int aln_segment_document(aln_sentence **out, size_t *count,
			 const aln_document *doc, const char *lang)
{
	const aln_paragraph *p;
	const char *text;
	size_t n, i, len;
	segctx x;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = ctx_open(&x, lang)) < 0)
		return finish(&x, out, count, rc);
	text = aln_document_text(doc, &len);
	p = aln_document_paragraphs(doc, &n);
	if ((rc = ctx_text(&x, text, len)) < 0)
		return finish(&x, out, count, rc);
	for (i = 0; i < n && rc == 0; i++)
		rc = segment_para(&x, text, p[i].start, p[i].end, i);
	return finish(&x, out, count, rc);
}

/* A line holding only white space (ASCII). */
static int blank_line(const char *s, size_t a, size_t b)
{
	for (; a < b; a++)
		if (s[a] != ' ' && s[a] != '\t' && s[a] != '\r' &&
		    s[a] != '\f' && s[a] != '\v')
			return 0;
	return 1;
}

int aln_segment_text(aln_sentence **out, size_t *count, const char *text,
		     size_t len, const char *lang)
{
	long long bad;
	size_t i = 0, ps = 0, para = 0;
	char *copy = NULL;
	segctx x;
	int rc;

	*out = NULL;
	*count = 0;
	if ((bad = aln__utf8_invalid_at(text, len)) >= 0) {
		aln__error(ALN_EENCODING, "%s", _("invalid UTF-8"));
		aln__error_at(NULL, 0, 0, bad);
		return ALN_EENCODING;
	}
	if ((rc = ctx_open(&x, lang)) < 0)
		return finish(&x, out, count, rc);
	/*
	 * ICU takes every line break for a paragraph end: give it a copy
	 * where single line breaks are spaces. Offsets do not move.
	 */
	if (memchr(text, '\n', len) || memchr(text, '\r', len) ||
	    memchr(text, 0xC2, len) || memchr(text, 0xE2, len)) {
		if (!(copy = aln__malloc(len + 1)))
			return finish(&x, out, count, ALN_ENOMEM);
		memcpy(copy, text, len);
		for (i = 0; i < len; i++) {
			unsigned char b = (unsigned char)copy[i];

			if (b == '\n' || b == '\r')
				copy[i] = ' ';
			else if (b == 0xC2 && i + 1 < len &&
				 (unsigned char)copy[i + 1] == 0x85)
				copy[i] = copy[i + 1] = ' ';
			else if (b == 0xE2 && i + 2 < len &&
				 (unsigned char)copy[i + 1] == 0x80 &&
				 ((unsigned char)copy[i + 2] == 0xA8 ||
				  (unsigned char)copy[i + 2] == 0xA9))
				copy[i] = copy[i + 1] = copy[i + 2] = ' ';
		}
	}
	if ((rc = ctx_text(&x, copy ? copy : text, len)) < 0) {
		free(copy);
		return finish(&x, out, count, rc);
	}
	/* Paragraphs: runs of lines between blank lines. */
	i = 0;
	while (i < len && rc == 0) {
		size_t j = i;

		while (j < len && text[j] != '\n')
			j++;
		if (blank_line(text, i, j)) {
			if (i > ps) {
				rc = segment_para(&x, copy ? copy : text, ps, i,
						  para);
				para++;
			}
			ps = j + 1;
		} else if (x.r->cjk) {
			/*
			 * Without spaces between words, a line break cannot be
			 * a space: in CJK text every line ends a sentence.
			 */
			rc = segment_para(&x, copy ? copy : text, i, j, para);
			ps = j + 1;
			if (j + 1 < len && blank_line(text, j + 1, len))
				para++;
		}
		i = j + 1;
	}
	if (rc == 0 && ps < len)
		rc = segment_para(&x, copy ? copy : text, ps, len, para);
	free(copy);
	return finish(&x, out, count, rc);
}
