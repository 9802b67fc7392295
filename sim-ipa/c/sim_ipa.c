/*
 * sim-ipa in C: the kit's scripted IPA (org.ipcsync.simipa.ScriptedIpa) and libcamera's
 * unixsocket_ipc test protocol (UnixSocketTestIpa), behaving message for message like the Java
 * worker, which stays the reference: same argv (`sim_ipa <module path> <fd>`), same profile
 * grammar and error texts (org.ipcsync.ipa.IpaProfile), same replies, events and faults, same
 * seeded choices (java.util.Random's generator, reimplemented below for the calls the Java code
 * makes), same `sim-ipa[pid]: ...` stderr lines, same exit statuses (0 after Exit, 1 when the
 * pipeline side is gone, 2 for bad arguments, 3 for a scripted exit).
 *
 * It exists because a JVM worker's start-up is most of a scenario campaign's time; this one is
 * idle in its loop within milliseconds. The Java worker's javadoc is the behaviour's
 * specification; comments here only say where C has to work to match it.
 *
 * Wire: the kit's safe framing and strict reader (see IPCUnixSocket), not ipc_frame.h's
 * blocking helpers: a send waits for writability so header and data stay together, and a
 * datagram that does not match its header is logged and dropped. The loop waits in ppoll(2),
 * which is what the scenario engine's WorkerBoot looks for to know a worker is up.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ipc_frame.h"

#define HEADER_SIZE 8
#define MAX_DATA (4u << 20)          /* the strict reader's cap on an announced length */
#define FD_READ_MAX (16 << 20)       /* FdContents.MAX_BYTES */
#define PARENT_CHECK_NS 200000000LL  /* WorkerLink.PARENT_CHECK */
#define SAFE_SEND_LIMIT_NS 5000000000LL
#define CONTROL_BYTES (CMSG_SPACE(IPC_MAX_FDS * sizeof(int)))
#define EINVAL_STATUS (-22)

/* ------------------------------------------------------------------ logging */

static void logmsg(const char *fmt, ...)
{
	char line[8192];
	int n = snprintf(line, sizeof(line), "sim-ipa[%d]: ", (int)getpid());
	va_list ap;
	va_start(ap, fmt);
	int m = vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	va_end(ap);
	n += m < (int)(sizeof(line) - n - 1) ? m : (int)(sizeof(line) - n - 2);
	line[n++] = '\n';
	/* One write per line, as println's single flush does, so lines never interleave. */
	ssize_t w = write(2, line, n);
	(void)w;
}

/* Errno.name: the symbols the Java side knows, "errno N" otherwise. */
static const char *errno_name(int e)
{
	static const struct {
		int e;
		const char *name;
	} names[] = { { 1, "EPERM" }, { 2, "ENOENT" }, { 4, "EINTR" }, { 5, "EIO" }, { 9, "EBADF" },
		      { 11, "EAGAIN" }, { 12, "ENOMEM" }, { 13, "EACCES" }, { 14, "EFAULT" }, { 16, "EBUSY" },
		      { 19, "ENODEV" }, { 22, "EINVAL" }, { 25, "ENOTTY" }, { 32, "EPIPE" }, { 105, "ENOBUFS" },
		      { 107, "ENOTCONN" }, { 110, "ETIMEDOUT" }, { 111, "ECONNREFUSED" } };
	static char other[32];
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	snprintf(other, sizeof(other), "errno %d", e);
	return other;
}

static int64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		logmsg("out of memory");
		_exit(1);
	}
	return p;
}

/* ------------------------------------------------------- java.util.Random */

#define JR_MULT 0x5DEECE66DULL
#define JR_MASK ((1ULL << 48) - 1)

struct jrandom {
	uint64_t seed;
};

static void jr_init(struct jrandom *r, int64_t seed)
{
	r->seed = ((uint64_t)seed ^ JR_MULT) & JR_MASK;
}

static int32_t jr_next(struct jrandom *r, int bits)
{
	r->seed = (r->seed * JR_MULT + 0xBULL) & JR_MASK;
	return (int32_t)(uint32_t)(r->seed >> (48 - bits));
}

static double jr_next_double(struct jrandom *r)
{
	int64_t hi = (int64_t)jr_next(r, 26) << 27;
	return (double)(hi + jr_next(r, 27)) * 0x1.0p-53;
}

static int32_t jr_next_int_bounded(struct jrandom *r, int32_t bound)
{
	int32_t rnd = jr_next(r, 31);
	int32_t m = bound - 1;
	if ((bound & m) == 0)
		return (int32_t)(((int64_t)bound * rnd) >> 31);
	/* Java's rejection test relies on int overflow: do it in unsigned arithmetic. */
	for (int32_t u = rnd; (int32_t)((uint32_t)u - (uint32_t)(rnd = u % bound) + (uint32_t)m) < 0;
	     u = jr_next(r, 31))
		;
	return rnd;
}

static void jr_next_bytes(struct jrandom *r, uint8_t *bytes, int len)
{
	for (int i = 0; i < len;) {
		uint32_t rnd = (uint32_t)jr_next(r, 32);
		for (int n = len - i < 4 ? len - i : 4; n-- > 0; rnd >>= 8)
			bytes[i++] = (uint8_t)rnd;
	}
}

/* ------------------------------------------------------------------ profile */

enum command { CMD_EXIT, CMD_INIT, CMD_START, CMD_STOP, CMD_CONFIGURE, CMD_MAP_BUFFERS, CMD_UNMAP_BUFFERS,
	       CMD_QUEUE_REQUEST, CMD_PROCESS_STATS, CMD_COUNT };
static const char *const METHOD[CMD_COUNT] = { "exit", "init", "start", "stop", "configure", "mapBuffers",
					       "unmapBuffers", "queueRequest", "processStats" };
static const char *const ENUM_NAME[CMD_COUNT] = { "EXIT", "INIT", "START", "STOP", "CONFIGURE", "MAP_BUFFERS",
						  "UNMAP_BUFFERS", "QUEUE_REQUEST", "PROCESS_STATS" };
static const bool SYNC[CMD_COUNT] = { false, true, true, true, true, true, true, false, false };

enum { EV_METADATA_READY = 1, EV_PARAMS_READY = 2 };

enum fault { F_NONE = -1, F_HANG, F_WRONG_COOKIE, F_TRUNCATED, F_GARBAGE, F_EXIT, F_KILL, F_COUNT };
static const char *const FAULT_TOKEN[F_COUNT] = { "hang", "wrong-cookie", "truncated", "garbage", "exit", "kill" };

enum latency_kind { LAT_FIXED, LAT_UNIFORM, LAT_SEQUENCE };

struct latency {
	enum latency_kind kind;
	int64_t min, max;   /* fixed: min */
	int64_t *values;    /* sequence */
	size_t count;
};

struct fault_at {
	enum fault fault;
	int call;           /* 0: every call */
};

struct script {
	struct latency latency;
	int events_before, events_after;
	bool checksum;
	struct fault_at *faults;
	size_t nfaults;
};

struct profile {
	int64_t seed;
	struct script scripts[CMD_COUNT];
};

static void profile_free(struct profile *p)
{
	for (int c = 0; c < CMD_COUNT; c++) {
		free(p->scripts[c].latency.values);
		free(p->scripts[c].faults);
	}
}

/* A slice of the profile text; Java works on substrings, this on pointer and length. */
struct slice {
	const char *s;
	size_t n;
};

static char parse_error[4096];

static bool fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(parse_error, sizeof(parse_error), fmt, ap);
	va_end(ap);
	return false;
}

/* String.trim(): strips every char <= ' ' from both ends. */
static struct slice trim(struct slice x)
{
	while (x.n && (unsigned char)x.s[0] <= ' ') {
		x.s++;
		x.n--;
	}
	while (x.n && (unsigned char)x.s[x.n - 1] <= ' ')
		x.n--;
	return x;
}

static const char *find(struct slice x, char c)
{
	return memchr(x.s, c, x.n);
}

static bool equals(struct slice x, const char *word)
{
	return x.n == strlen(word) && memcmp(x.s, word, x.n) == 0;
}

static bool equals_ignore_case(struct slice x, const char *word)
{
	return x.n == strlen(word) && strncasecmp(x.s, word, x.n) == 0;
}

/*
 * String.split(String.valueOf(sep)): no separator gives the whole text as one piece; otherwise
 * the pieces with trailing empty ones dropped. Returns the piece count; *out is malloc'd.
 */
static size_t split(struct slice x, char sep, struct slice **out)
{
	size_t cap = 1;
	for (size_t i = 0; i < x.n; i++)
		cap += x.s[i] == sep;
	struct slice *pieces = xmalloc(cap * sizeof(*pieces));
	size_t n = 0;
	const char *start = x.s;
	for (size_t i = 0; i <= x.n; i++) {
		if (i == x.n || x.s[i] == sep) {
			pieces[n].s = start;
			pieces[n].n = (size_t)(x.s + i - start);
			n++;
			start = x.s + i + 1;
		}
	}
	if (n > 1)
		while (n > 0 && pieces[n - 1].n == 0)
			n--;
	*out = pieces;
	return n;
}

/* Long.parseLong / Integer.parseInt (decimal, optional sign, no blanks, range-checked). */
static bool parse_integer(struct slice x, int64_t min, int64_t max, int64_t *out)
{
	size_t i = 0;
	bool negative = false;
	if (x.n && (x.s[0] == '-' || x.s[0] == '+')) {
		negative = x.s[0] == '-';
		i = 1;
	}
	if (i == x.n)
		return false;
	/* Accumulate negatively, as Java does, so that the minimum value parses. */
	int64_t v = 0;
	int64_t limit = negative ? min : -max;
	int64_t multmin = limit / 10;
	for (; i < x.n; i++) {
		if (x.s[i] < '0' || x.s[i] > '9')
			return false;
		int d = x.s[i] - '0';
		if (v < multmin)
			return false;
		v *= 10;
		if (v < limit + d)
			return false;
		v -= d;
	}
	*out = negative ? v : -v;
	return true;
}

static bool parse_count(struct slice text, struct slice action, int *out)
{
	int64_t v;
	if (!parse_integer(text, INT32_MIN, INT32_MAX, &v) || v < 0)
		return fail("'%.*s': '%.*s' is not a non-negative number", (int)action.n, action.s, (int)text.n, text.s);
	*out = (int)v;
	return true;
}

static bool required(struct slice arg, bool present, struct slice action)
{
	if (!present || arg.n == 0)
		return fail("'%.*s' needs a value after ':'", (int)action.n, action.s);
	return true;
}

/* Latency.parse */
static bool parse_latency(struct slice text, struct latency *out)
{
	struct latency l = { LAT_FIXED, 0, 0, NULL, 0 };
	if (find(text, '|')) {
		struct slice *pieces;
		size_t n = split(text, '|', &pieces);
		l.kind = LAT_SEQUENCE;
		l.values = xmalloc(n * sizeof(int64_t));
		l.count = n;
		for (size_t i = 0; i < n; i++) {
			if (!parse_integer(pieces[i], INT64_MIN, INT64_MAX, &l.values[i])) {
				free(pieces);
				free(l.values);
				return fail("bad latency '%.*s': use MS, MIN-MAX or A|B|C", (int)text.n, text.s);
			}
		}
		free(pieces);
		if (n == 0) {
			free(l.values);
			return fail("latency list is empty");
		}
	} else if (find(text, '-')) {
		const char *dash = find(text, '-');
		struct slice a = { text.s, (size_t)(dash - text.s) };
		struct slice b = { dash + 1, text.n - a.n - 1 };
		l.kind = LAT_UNIFORM;
		if (!parse_integer(a, INT64_MIN, INT64_MAX, &l.min) || !parse_integer(b, INT64_MIN, INT64_MAX, &l.max))
			return fail("bad latency '%.*s': use MS, MIN-MAX or A|B|C", (int)text.n, text.s);
		if (l.min < 0 || l.max < l.min)
			return fail("latency range %lld-%lld is empty or negative", (long long)l.min, (long long)l.max);
	} else {
		if (!parse_integer(text, INT64_MIN, INT64_MAX, &l.min))
			return fail("bad latency '%.*s': use MS, MIN-MAX or A|B|C", (int)text.n, text.s);
		if (l.min < 0)
			return fail("negative latency %lld", (long long)l.min);
	}
	free(out->values);
	*out = l;
	return true;
}

/* IpaProfile.apply: one action of a command's rule. */
static bool apply(struct script *s, struct slice action, enum command command)
{
	const char *colon = find(action, ':');
	struct slice name = { action.s, colon ? (size_t)(colon - action.s) : action.n };
	struct slice arg = { colon ? colon + 1 : NULL, colon ? action.n - name.n - 1 : 0 };
	if (equals(name, "latency"))
		return required(arg, colon, action) && parse_latency(arg, &s->latency);
	if (equals(name, "events-before"))
		return required(arg, colon, action) && parse_count(arg, action, &s->events_before);
	if (equals(name, "events-after"))
		return required(arg, colon, action) && parse_count(arg, action, &s->events_after);
	if (equals(name, "checksum")) {
		s->checksum = true;
		return true;
	}
	struct slice token = name;
	int call = 0;
	const char *at = find(name, '@');
	if (at) {
		token.n = (size_t)(at - name.s);
		struct slice number = { at + 1, name.n - token.n - 1 };
		if (!parse_count(number, action, &call))
			return false;
		if (call == 0)
			return fail("'%.*s': calls are numbered from 1", (int)action.n, action.s);
	}
	for (int f = 0; f < F_COUNT; f++) {
		if (equals(token, FAULT_TOKEN[f])) {
			s->faults = realloc(s->faults, (s->nfaults + 1) * sizeof(*s->faults));
			if (!s->faults) {
				logmsg("out of memory");
				_exit(1);
			}
			s->faults[s->nfaults++] = (struct fault_at){ (enum fault)f, call };
			return true;
		}
	}
	return fail("unknown action '%.*s' for %s (latency, events-before, events-after, checksum, hang, wrong-cookie,"
		    " truncated, garbage, exit, kill)", (int)action.n, action.s, METHOD[command]);
}

/* IpaProfile.parse; false with parse_error set on bad text. */
static bool profile_parse(struct slice text, struct profile *p)
{
	memset(p, 0, sizeof(*p));
	struct slice *rules;
	size_t nrules = split(trim(text), ';', &rules);
	bool ok = true;
	for (size_t i = 0; ok && i < nrules; i++) {
		struct slice rule = trim(rules[i]);
		if (rule.n == 0)
			continue;
		const char *eq = find(rule, '=');
		if (!eq) {
			ok = fail("profile rule '%.*s' has no '='", (int)rule.n, rule.s);
			break;
		}
		struct slice key = trim((struct slice){ rule.s, (size_t)(eq - rule.s) });
		struct slice value = trim((struct slice){ eq + 1, rule.n - (size_t)(eq - rule.s) - 1 });
		if (equals(key, "seed")) {
			if (!parse_integer(value, INT64_MIN, INT64_MAX, &p->seed))
				ok = fail("bad seed '%.*s'", (int)value.n, value.s);
			continue;
		}
		int command = -1;
		for (int c = 0; c < CMD_COUNT && command < 0; c++)
			if (equals_ignore_case(key, METHOD[c]) || equals_ignore_case(key, ENUM_NAME[c]))
				command = c;
		if (command < 0) {
			ok = fail("unknown IPA command '%.*s' (known: [exit, init, start, stop, configure, mapBuffers,"
				  " unmapBuffers, queueRequest, processStats])", (int)key.n, key.s);
			break;
		}
		struct slice *actions;
		size_t nactions = split(value, ',', &actions);
		for (size_t a = 0; ok && a < nactions; a++)
			ok = apply(&p->scripts[command], trim(actions[a]), (enum command)command);
		free(actions);
	}
	free(rules);
	if (!ok)
		profile_free(p);
	return ok;
}

/* Latency.millis for the call-th call (0-based). */
static int64_t latency_millis(const struct latency *l, int call, struct jrandom *random)
{
	switch (l->kind) {
	case LAT_UNIFORM:
		return l->min + (int64_t)(jr_next_double(random) * (double)(l->max - l->min + 1));
	case LAT_SEQUENCE:
		return l->values[call % l->count];
	default:
		return l->min;
	}
}

static enum fault fault_at(const struct script *s, int call)
{
	for (size_t i = 0; i < s->nfaults; i++)
		if (s->faults[i].call == 0 || s->faults[i].call == call)
			return s->faults[i].fault;
	return F_NONE;
}

/* ---------------------------------------------------------------- the link */

static int sock = -1;
static pid_t parent;
static bool stopping;
static int exit_code;

static void stop(int code)
{
	exit_code = code;
	stopping = true;
}

static bool parent_gone(void)
{
	return getppid() != parent;
}

/* Waits for writability until the deadline; false when it passed. */
static bool wait_writable(int64_t deadline)
{
	for (;;) {
		int64_t left = (deadline - now_ns()) / 1000000;
		if (left <= 0)
			return false;
		struct pollfd p = { sock, POLLOUT, 0 };
		int r = poll(&p, 1, (int)(left > INT32_MAX ? INT32_MAX : left));
		if (r > 0)
			return true;
		if (r < 0 && errno != EINTR)
			return false;
	}
}

/* One datagram, waiting for writability on EAGAIN (the safe framing). 0 or -errno. */
static int send_datagram(struct msghdr *msg, int64_t deadline)
{
	for (;;) {
		if (sendmsg(sock, msg, MSG_DONTWAIT | MSG_NOSIGNAL) >= 0)
			return 0;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -errno;
		if (!wait_writable(deadline))
			return -EAGAIN;
	}
}

/* IPCUnixSocket.send with the safe framing: header, then data with an SCM_RIGHTS message. */
static int safe_send(const uint8_t *data, uint32_t len)
{
	uint8_t header[HEADER_SIZE] = { 0 };
	memcpy(header, &len, 4);
	int64_t deadline = now_ns() + SAFE_SEND_LIMIT_NS;
	struct iovec hiov = { header, HEADER_SIZE };
	struct msghdr hmsg = { .msg_iov = &hiov, .msg_iovlen = 1 };
	int ret = send_datagram(&hmsg, deadline);
	if (ret != 0)
		return ret;
	/* Like libcamera, a control message even with no fds (the worker never sends any). */
	union {
		char buf[CMSG_SPACE(0)];
		struct cmsghdr align;
	} control;
	memset(&control, 0, sizeof(control));
	struct iovec iov = { (void *)data, len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
			      .msg_controllen = CMSG_LEN(0) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_len = CMSG_LEN(0);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	ret = send_datagram(&msg, deadline);
	if (ret == -EAGAIN)
		fprintf(stderr, "ipcsync: IPCUnixSocket: header sent but data refused (EAGAIN): the peer will"
				" read the next header as this message's data\n");
	return ret;
}

/* WorkerLink.send: a refused send means the pipeline side closed its end. */
static void link_send(uint32_t cmd, uint32_t cookie, const uint8_t *args, uint32_t len)
{
	uint8_t *buf = xmalloc(HEADER_SIZE + len);
	memcpy(buf, &cmd, 4);
	memcpy(buf + 4, &cookie, 4);
	if (len)
		memcpy(buf + HEADER_SIZE, args, len);
	int ret = safe_send(buf, HEADER_SIZE + len);
	free(buf);
	if (ret == -ECONNREFUSED || ret == -EPIPE || ret == -ECONNRESET || ret == -ENOTCONN) {
		logmsg("peer gone (errno %d), exiting", -ret);
		stop(1);
	} else if (ret < 0) {
		logmsg("send failed, errno %d", -ret);
	}
}

/* WorkerLink.sendBytes: a well-framed message of arbitrary bytes. */
static void link_send_bytes(const uint8_t *data, uint32_t len)
{
	int ret = safe_send(data, len);
	if (ret < 0)
		logmsg("send failed, errno %d", -ret);
}

/* WorkerLink.sendDatagram: one raw datagram, no framing. */
static void link_send_datagram(const uint8_t *data, size_t len)
{
	if (write(sock, data, len) < 0)
		logmsg("raw send failed: [%d] %s", errno, strerror(errno));
}

/* WorkerLink.hang: blocks for good; only a kill or the parent's death ends it. */
static void hang(void)
{
	while (!parent_gone()) {
		struct timespec t = { 0, PARENT_CHECK_NS };
		nanosleep(&t, NULL);
	}
	logmsg("parent %d is gone while hung, exiting", (int)parent);
	_exit(1);
}

/* ------------------------------------------------------------ fd contents */

static uint32_t crc32_of(const uint8_t *p, size_t n)
{
	static uint32_t table[256];
	if (!table[1]) {
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;
			for (int k = 0; k < 8; k++)
				c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
	}
	uint32_t crc = 0xFFFFFFFFu;
	for (size_t i = 0; i < n; i++)
		crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	return crc ^ 0xFFFFFFFFu;
}

/* Java lets an unexpected errno escape the handler, which ends the worker with status 1. */
static void crash(const char *what, int err)
{
	logmsg("%s failed: %s (%d)", what, errno_name(err), err);
	_exit(1);
}

/*
 * FdContents.read: up to `length` bytes from offset 0 with positional reads (a passed fd shares
 * the sender's offset), or through a mapping for what has no read (a dmabuf). Returns malloc'd.
 */
static uint8_t *fd_read(int fd, int32_t length, size_t *got)
{
	size_t cap = length > 0 ? (size_t)(length < (1 << 16) ? length : (1 << 16)) : 0;
	uint8_t *out = xmalloc(cap);
	size_t n = 0;
	while ((int64_t)n < length) {
		if (n == cap) {
			cap = cap * 2 > (size_t)length ? (size_t)length : cap * 2;
			out = realloc(out, cap);
			if (!out)
				crash("realloc", ENOMEM);
		}
		size_t want = cap - n < (1 << 16) ? cap - n : (1 << 16);
		ssize_t r = pread(fd, out + n, want, (off_t)n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EINVAL && errno != ESPIPE)
				crash("pread", errno);
			free(out);
			off_t size = lseek(fd, 0, SEEK_END);
			if (size < 0)
				crash("lseek", errno);
			int64_t m = size < length ? size : length;
			if (m <= 0) {
				*got = 0;
				return xmalloc(0);
			}
			void *map = mmap(NULL, (size_t)m, PROT_READ, MAP_SHARED, fd, 0);
			if (map == MAP_FAILED)
				crash("mmap", errno);
			out = xmalloc((size_t)m);
			memcpy(out, map, (size_t)m);
			munmap(map, (size_t)m);
			*got = (size_t)m;
			return out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*got = n;
	return out;
}

/* ------------------------------------------------------------ a message in */

struct message {
	uint32_t cmd, cookie;
	const uint8_t *args;
	uint32_t len;           /* of args */
	int *fds;
	unsigned int nfds;
};

/* A growable byte buffer for replies. */
struct bytes {
	uint8_t *p;
	size_t n, cap;
};

static void put(struct bytes *b, const void *data, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			crash("realloc", ENOMEM);
	}
	memcpy(b->p + b->n, data, n);
	b->n += n;
}

static void put_u32(struct bytes *b, uint32_t v)
{
	put(b, &v, 4);
}

/* IpaCodec.readU32s: false with the Java message when the data is too short. */
static bool read_u32s(const struct message *m, int32_t count, uint32_t *out, char *why, size_t whylen)
{
	/* Java compares against count * 4 in int arithmetic. */
	int32_t need = (int32_t)((uint32_t)count * 4u);
	if ((int64_t)m->len < need) {
		snprintf(why, whylen, "expected %d argument bytes, got %u", need, m->len);
		return false;
	}
	if (count < 0 || (int64_t)count * 4 > m->len)
		crash("reading arguments (Java fails with an unchecked exception here)", EINVAL);
	if (out)
		memcpy(out, m->args, (size_t)count * 4);
	return true;
}

/* ------------------------------------------------------ the scripted IPA */

static struct profile profile;
static struct jrandom random_gen;
static int calls[CMD_COUNT];

static void send_event(uint32_t event, uint32_t a, uint32_t b)
{
	uint32_t args[2] = { a, b };
	link_send(event, 0, (const uint8_t *)args, 8);
}

/*
 * ScriptedIpa.main: the reply of a sync command or the event an async one causes, into *out
 * (header included); false when there is none.
 */
static bool main_message(enum command command, const struct message *req, const struct script *script, struct bytes *out)
{
	char why[256];
	uint32_t a[3];
	switch (command) {
	case CMD_QUEUE_REQUEST:
		if (!read_u32s(req, 1, a, why, sizeof(why)))
			break;
		put_u32(out, EV_PARAMS_READY);
		put_u32(out, 0);
		put_u32(out, a[0]);
		put_u32(out, 0);
		return true;
	case CMD_PROCESS_STATS: {
		if (!read_u32s(req, 3, a, why, sizeof(why)))
			break;
		if (req->nfds != 1) {
			snprintf(why, sizeof(why), "processStats needs one buffer fd, got %u", req->nfds);
			break;
		}
		size_t n;
		uint8_t *bytes = fd_read(req->fds[0], (int32_t)a[2], &n);
		put_u32(out, EV_METADATA_READY);
		put_u32(out, 0);
		put_u32(out, a[0]);
		put_u32(out, crc32_of(bytes, n));
		put_u32(out, (uint32_t)n);
		free(bytes);
		return true;
	}
	default: {
		bool ok = true;
		if (command == CMD_INIT)
			ok = read_u32s(req, 1, NULL, why, sizeof(why));
		else if (command == CMD_CONFIGURE)
			ok = read_u32s(req, 2, NULL, why, sizeof(why));
		else if (command == CMD_MAP_BUFFERS || command == CMD_UNMAP_BUFFERS)
			ok = read_u32s(req, 1, a, why, sizeof(why)) &&
			     read_u32s(req, (int32_t)(1u + a[0]), NULL, why, sizeof(why));
		if (!ok)
			break;
		put_u32(out, req->cmd);
		put_u32(out, req->cookie);
		put_u32(out, 0);
		for (unsigned int i = 0; script->checksum && i < req->nfds; i++) {
			size_t n;
			uint8_t *bytes = fd_read(req->fds[i], FD_READ_MAX, &n);
			put_u32(out, crc32_of(bytes, n));
			put_u32(out, (uint32_t)n);
			free(bytes);
		}
		return true;
	}
	}
	logmsg("bad arguments for %s: %s", METHOD[command], why);
	if (!SYNC[command])
		return false;
	put_u32(out, req->cmd);
	put_u32(out, req->cookie);
	put_u32(out, (uint32_t)EINVAL_STATUS);
	return true;
}

/* ScriptedIpa.run: latency, exit/kill, events before, (hang), main message, events after. */
static void scripted_run(enum command command, const struct message *req)
{
	int call = ++calls[command];
	const struct script *script = &profile.scripts[command];
	enum fault fault = fault_at(script, call);
	int64_t ms = latency_millis(&script->latency, call - 1, &random_gen);
	if (ms > 0) {
		/* The scripted latency: a busy IPA blocks its worker. */
		struct timespec t = { ms / 1000, (ms % 1000) * 1000000 };
		while (nanosleep(&t, &t) < 0 && errno == EINTR)
			;
	}
	if (fault == F_EXIT) {
		logmsg("%s call %d: scripted exit", METHOD[command], call);
		_exit(3);
	}
	if (fault == F_KILL) {
		logmsg("%s call %d: scripted SIGKILL", METHOD[command], call);
		kill(getpid(), SIGKILL);
	}
	uint32_t cookie = req->cookie;
	for (int i = 0; i < script->events_before; i++)
		send_event(EV_PARAMS_READY, cookie, (uint32_t)i);
	if (fault == F_HANG) {
		logmsg("%s call %d: scripted hang, the worker reads nothing more", METHOD[command], call);
		hang();
	}
	struct bytes main = { 0 };
	if (!main_message(command, req, script, &main)) {
		free(main.p);
		return;
	}
	if (fault == F_WRONG_COOKIE) {
		uint32_t wrong = cookie + 1;
		memcpy(main.p + 4, &wrong, 4);
	}
	if (fault == F_TRUNCATED) {
		uint8_t stub[HEADER_SIZE];
		int n = 1 + jr_next_int_bounded(&random_gen, HEADER_SIZE - 1);
		jr_next_bytes(&random_gen, stub, n);
		link_send_bytes(stub, (uint32_t)n);
	} else if (fault == F_GARBAGE) {
		uint8_t header[HEADER_SIZE] = { 0 };
		uint32_t lie = (uint32_t)main.n + 16;
		memcpy(header, &lie, 4);
		link_send_datagram(header, sizeof(header));
		link_send_datagram(main.p, main.n);
	} else {
		uint32_t cmd, ck;
		memcpy(&cmd, main.p, 4);
		memcpy(&ck, main.p + 4, 4);
		link_send(cmd, ck, main.p + HEADER_SIZE, (uint32_t)main.n - HEADER_SIZE);
	}
	free(main.p);
	for (int i = 0; i < script->events_after; i++)
		send_event(EV_PARAMS_READY, cookie, (uint32_t)(script->events_before + i));
}

static void scripted_handle(const struct message *m)
{
	if (m->cmd >= CMD_COUNT)
		logmsg("unknown command %u", m->cmd);
	else if (m->cmd == CMD_EXIT)
		stop(0);
	else
		scripted_run((enum command)m->cmd, m);
}

/* ----------------------------------------- libcamera's unixsocket_ipc test */

static int32_t test_value = 1337;

static void unixsocket_handle(const struct message *m)
{
	char why[256];
	uint32_t v;
	switch (m->cmd) {
	case 0:
		stop(0);
		break;
	case 1:
		link_send(m->cmd, m->cookie, (const uint8_t *)&test_value, 4);
		break;
	case 2:
		if (read_u32s(m, 1, &v, why, sizeof(why)))
			test_value = (int32_t)v;
		else
			logmsg("bad arguments for cmd %u cookie %u: %s", m->cmd, m->cookie, why);
		break;
	case 3: {
		struct bytes out = { 0 };
		for (unsigned int i = 0; i < m->nfds; i++) {
			size_t n;
			uint8_t *bytes = fd_read(m->fds[i], FD_READ_MAX, &n);
			put_u32(&out, (uint32_t)n);
			put(&out, bytes, n);
			free(bytes);
		}
		link_send(m->cmd, m->cookie, out.p, (uint32_t)out.n);
		free(out.p);
		break;
	}
	default:
		logmsg("unknown command %u", m->cmd);
	}
}

/* ------------------------------------------------------- the strict reader */

static bool header_received;
static uint32_t announced_length;
static unsigned int announced_fds;
static uint8_t *data_in;

static void close_all(const int *fds, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		close(fds[i]);
}

/* The next datagram as a header; one spare byte shows a longer one. */
static bool receive_header(void)
{
	uint8_t h[HEADER_SIZE + 1];
	ssize_t n = recv(sock, h, sizeof(h), MSG_DONTWAIT);
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			fprintf(stderr, "ipcsync: IPCUnixSocket: failed to receive header: %s (%d)\n", errno_name(errno),
				errno);
		return false;
	}
	if (n != HEADER_SIZE) {
		if (n > HEADER_SIZE)
			logmsg("dropped malformed input: header datagram of more than %d bytes, expected %d", HEADER_SIZE,
			       HEADER_SIZE);
		else
			logmsg("dropped malformed input: header datagram of %d bytes, expected %d", (int)n, HEADER_SIZE);
		return false;
	}
	memcpy(&announced_length, h, 4);
	announced_fds = h[4];
	header_received = true;
	return true;
}

static bool data_ready(void)
{
	struct pollfd p = { sock, POLLIN, 0 };
	return poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

/* Reads the announced data datagram; -1 when it was dropped (fds closed, reason logged). */
static int receive_data(int *fds, unsigned int *nfds)
{
	header_received = false;
	uint32_t want = announced_length < MAX_DATA ? announced_length : MAX_DATA;
	union {
		char buf[CONTROL_BYTES];
		struct cmsghdr align;
	} control;
	struct iovec iov = { data_in, want + 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
			      .msg_controllen = CMSG_LEN(IPC_MAX_FDS * sizeof(int)) };
	ssize_t n;
	while ((n = recvmsg(sock, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
		;
	*nfds = 0;
	if (n < 0) {
		logmsg("dropped malformed input: failed to receive data: %s (%d)", errno_name(errno), errno);
		return -1;
	}
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			unsigned int k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			if (*nfds + k > IPC_MAX_FDS)
				k = IPC_MAX_FDS - *nfds;
			memcpy(fds + *nfds, CMSG_DATA(c), k * sizeof(int));
			*nfds += k;
		}
	}
	if (msg.msg_flags & MSG_CTRUNC) {
		close_all(fds, *nfds);
		logmsg("dropped malformed input: data datagram carried more than %d fds (the kit's limit), header"
		       " announced %u", IPC_MAX_FDS, announced_fds);
		return -1;
	}
	if ((uint32_t)n != announced_length) {
		close_all(fds, *nfds);
		if ((size_t)n > want)
			logmsg("dropped malformed input: data datagram of more than %u bytes, header announced %u", want,
			       announced_length);
		else
			logmsg("dropped malformed input: data datagram of %d bytes, header announced %u", (int)n,
			       announced_length);
		return -1;
	}
	if (*nfds != announced_fds) {
		close_all(fds, *nfds);
		logmsg("dropped malformed input: data datagram carried %u fds, header announced %u", *nfds,
		       announced_fds);
		return -1;
	}
	return (int)n;
}

typedef void (*handler_fn)(const struct message *);

/* What the read notifier and readyRead do together: at most one message per wake-up. */
static void readable(handler_fn handler)
{
	if (!header_received && !receive_header())
		return;
	if (!data_ready())
		return;
	int fds[IPC_MAX_FDS];
	unsigned int nfds;
	int n = receive_data(fds, &nfds);
	if (n < 0)
		return;
	if (n < HEADER_SIZE) {
		logmsg("dropped a %d-byte message, shorter than its header", n);
		close_all(fds, nfds);
		return;
	}
	struct message m = { 0, 0, data_in + HEADER_SIZE, (uint32_t)n - HEADER_SIZE, fds, nfds };
	memcpy(&m.cmd, data_in, 4);
	memcpy(&m.cookie, data_in + 4, 4);
	handler(&m);
	close_all(fds, nfds);
}

/* WorkerLink.run: the loop, idle in ppoll, checking the parent every PARENT_CHECK. */
static int run(handler_fn handler)
{
	int64_t next_check = now_ns() + PARENT_CHECK_NS;
	while (!stopping) {
		int64_t left = next_check - now_ns();
		if (left < 0)
			left = 0;
		struct timespec timeout = { left / 1000000000LL, left % 1000000000LL };
		struct pollfd p = { sock, POLLIN, 0 };
		int r = ppoll(&p, 1, &timeout, NULL);
		if (r < 0 && errno != EINTR) {
			logmsg("ppoll failed: %s (%d)", errno_name(errno), errno);
			return 1;
		}
		if (r > 0 && (p.revents & POLLNVAL)) {
			logmsg("socket fd %d is not open, exiting", sock);
			return 1;
		}
		if (r > 0 && (p.revents & POLLIN))
			readable(handler);
		if (!stopping && now_ns() >= next_check) {
			if (parent_gone()) {
				logmsg("parent %d is gone, exiting", (int)parent);
				stop(1);
			} else {
				next_check = now_ns() + PARENT_CHECK_NS;
			}
		}
	}
	return exit_code;
}

/* ------------------------------------------------------------------- main */

/* Files.readString of a module path; NULL with the Java message in parse_error. */
static char *read_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == EACCES)
			snprintf(parse_error, sizeof(parse_error), "%s", path);
		else
			snprintf(parse_error, sizeof(parse_error), "%s", strerror(errno));
		return NULL;
	}
	struct bytes b = { 0 };
	char chunk[65536];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			snprintf(parse_error, sizeof(parse_error), "%s", strerror(errno));
			close(fd);
			free(b.p);
			return NULL;
		}
		put(&b, chunk, (size_t)n);
	}
	close(fd);
	*len = b.n;
	return b.p ? (char *)b.p : xmalloc(0);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		logmsg("usage: sim-ipa <module path> <fd>");
		return 2;
	}
	int64_t fd;
	if (!parse_integer((struct slice){ argv[2], strlen(argv[2]) }, INT32_MIN, INT32_MAX, &fd)) {
		logmsg("cannot start: For input string: \"%s\"", argv[2]);
		return 2;
	}
	sock = (int)fd;
	parent = getppid();
	const char *module = argv[1];
	handler_fn handler;
	if (module[0] == '\0' || strcmp(module, "unixsocket_ipc") == 0) {
		handler = unixsocket_handle;
	} else {
		static const char prefix[] = "sim-ipa:";
		char *file = NULL;
		struct slice text;
		if (strncmp(module, prefix, sizeof(prefix) - 1) == 0) {
			text = (struct slice){ module + sizeof(prefix) - 1, strlen(module) - (sizeof(prefix) - 1) };
		} else {
			size_t len;
			file = read_file(module, &len);
			if (!file) {
				logmsg("cannot start: %s", parse_error);
				close(sock);
				return 2;
			}
			text = (struct slice){ file, len };
		}
		bool ok = profile_parse(text, &profile);
		free(file);
		if (!ok) {
			logmsg("cannot start: %s", parse_error);
			close(sock);
			return 2;
		}
		jr_init(&random_gen, profile.seed);
		handler = scripted_handle;
	}
	data_in = xmalloc(MAX_DATA + 1);
	int status = run(handler);
	close(sock);
	free(data_in);
	profile_free(&profile);
	return status;
}
