/*
 * The C baseline of `./kit bench rtt`: a parent and a forked child on a non-blocking
 * SOCK_DGRAM socketpair exchange 8-byte messages ({cmd, cookie}, no fds) with libcamera's
 * framing, each side waiting in poll() like libcamera's event loop. Prints the median and p99
 * round trip in microseconds over <calls> after <warmup>:  pingpong <calls> <warmup>
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ipc_frame.h"

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int calls = argc > 1 ? atoi(argv[1]) : 20000;
	int warmup = argc > 2 ? atoi(argv[2]) : 2000;
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, sv) < 0) {
		perror("socketpair");
		return 1;
	}
	uint8_t buf[64];
	int fds[IPC_MAX_FDS];
	unsigned int nfds;
	pid_t child = fork();
	if (child == 0) {
		close(sv[0]);
		for (;;) {
			int n = ipc_recv(sv[1], buf, sizeof(buf), fds, &nfds);
			if (n < 8)
				_exit(1);
			uint32_t cmd;
			memcpy(&cmd, buf, 4);
			if (cmd == 0)
				_exit(0);
			if (ipc_send(sv[1], buf, n, NULL, 0) < 0)
				_exit(1);
		}
	}
	close(sv[1]);
	long long *rtt = malloc(sizeof(long long) * calls);
	for (int i = 0; i < warmup + calls; i++) {
		uint32_t msg[2] = { 1, (uint32_t)i };
		long long t0 = now_ns();
		if (ipc_send(sv[0], msg, 8, NULL, 0) < 0 || ipc_recv(sv[0], buf, sizeof(buf), fds, &nfds) != 8) {
			fprintf(stderr, "pingpong: round trip %d failed\n", i);
			return 1;
		}
		if (i >= warmup)
			rtt[i - warmup] = now_ns() - t0;
	}
	uint32_t stop[2] = { 0, 0 };
	ipc_send(sv[0], stop, 8, NULL, 0);
	waitpid(child, NULL, 0);
	qsort(rtt, calls, sizeof(long long), cmp);
	printf("%.2f %.2f\n", rtt[calls / 2] / 1000.0, rtt[(int)(calls * 0.99)] / 1000.0);
	return 0;
}
