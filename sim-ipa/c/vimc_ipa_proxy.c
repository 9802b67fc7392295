/*
 * A stand-in for libcamera's isolated vimc IPA worker, found by libcamera through
 * LIBCAMERA_IPA_PROXY_PATH=<dir of this binary> and started as `vimc_ipa_proxy <module.so> <fd>`.
 * It becomes Debian's real, unmodified worker (execv, same pid, same socket), so the process
 * libcamera watches is the real one. It must start fast: libcamera's first synchronous call
 * (init, 2 s timeout) is already in the socket when it runs, so it does nothing heavy and runs
 * no other program before the exec.
 *
 * Delay and crash, from the environment (libcamera passes its environment to the worker):
 *   IPCSYNC_STANDIN_WORKER   the real worker (default Debian's /usr/lib/x86_64-linux-gnu/libcamera/vimc_ipa_proxy)
 *   IPCSYNC_STANDIN_STOP_MS  when the first message is in the socket, hold the worker stopped
 *                            (SIGSTOP) this long, then SIGCONT: its reply to init is that late
 *   IPCSYNC_STANDIN_KILL_MS  when the first message is in the socket, hold the worker stopped and
 *                            SIGKILL it after this long: it dies in the middle of libcamera's call
 *   IPCSYNC_STANDIN_LOG      append a line per step, stamped with CLOCK_MONOTONIC (libcamera's log clock)
 * Without STOP_MS or KILL_MS it execs the real worker at once.
 *
 * The stop is done by a helper process (forked twice, so it is nobody's child to reap) that holds
 * no copy of the socket: it stops this process before the exec, so the real worker starts, and
 * reads init, only when the helper continues it. Seen from libcamera this is the same as stopping
 * a running worker before it reads: the pid and the socket are the same.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_WORKER "/usr/lib/x86_64-linux-gnu/libcamera/vimc_ipa_proxy"

static int logfd = -1;

static void note(const char *fmt, ...)
{
	if (logfd < 0)
		return;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	char line[512];
	int n = snprintf(line, sizeof(line), "[%ld.%09ld] [%d] vimc_ipa_proxy stand-in: ", (long)ts.tv_sec,
			 ts.tv_nsec, (int)getpid());
	va_list ap;
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	if (write(logfd, line, n) < 0) {
		/* nowhere to report it */
	}
}

static long env_ms(const char *name)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return -1;
	char *end;
	long ms = strtol(v, &end, 10);
	return (*end || ms < 0) ? -1 : ms;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
	}
}

/* Waits until pid is stopped (state T in /proc/<pid>/stat), so a SIGCONT cannot come first. */
static void wait_stopped(pid_t pid)
{
	char path[64], buf[256];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	for (;;) {
		int fd = open(path, O_RDONLY);
		if (fd < 0)
			return;
		ssize_t n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			return;
		buf[n] = 0;
		char *p = strrchr(buf, ')');
		if (p && p[1] == ' ' && (p[2] == 'T' || p[2] == 't'))
			return;
		sleep_ms(1);
	}
}

int main(int argc, char **argv)
{
	const char *worker = getenv("IPCSYNC_STANDIN_WORKER");
	if (!worker || !*worker)
		worker = DEFAULT_WORKER;
	const char *logpath = getenv("IPCSYNC_STANDIN_LOG");
	if (logpath && *logpath)
		logfd = open(logpath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
	long stop_ms = env_ms("IPCSYNC_STANDIN_STOP_MS");
	long kill_ms = env_ms("IPCSYNC_STANDIN_KILL_MS");
	int sock = argc >= 3 ? atoi(argv[2]) : -1;
	note("started (%s %s), real worker %s, stop %ld ms, kill %ld ms", argc >= 2 ? argv[1] : "?",
	     argc >= 3 ? argv[2] : "?", worker, stop_ms, kill_ms);

	if ((stop_ms >= 0 || kill_ms >= 0) && sock >= 0) {
		struct pollfd pfd = { sock, POLLIN, 0 };
		while (poll(&pfd, 1, -1) < 0 && errno == EINTR) {
		}
		note("first message in the socket; stopping the worker");
		pid_t self = getpid();
		pid_t helper = fork();
		if (helper == 0) {
			if (fork() == 0) {
				close(sock);
				wait_stopped(self);
				if (kill_ms >= 0) {
					sleep_ms(kill_ms);
					note("SIGKILL to the worker %d after %ld ms stopped", (int)self, kill_ms);
					kill(self, SIGKILL);
				} else {
					sleep_ms(stop_ms);
					note("SIGCONT to the worker %d after %ld ms stopped", (int)self, stop_ms);
					kill(self, SIGCONT);
				}
				_exit(0);
			}
			_exit(0);
		}
		if (helper > 0) {
			waitpid(helper, NULL, 0);
			raise(SIGSTOP);
			note("continued");
		} else {
			note("fork failed: %s; running the worker undelayed", strerror(errno));
		}
	}

	note("exec %s", worker);
	if (logfd >= 0)
		close(logfd);
	argv[0] = (char *)worker;
	execv(worker, argv);
	return 127;
}
