/*
 * The C baseline of `./kit bench rtt`: a parent and a forked child on a non-blocking
 * SOCK_DGRAM socketpair exchange 8-byte messages ({cmd, cookie}, no fds) with libcamera's
 * framing, each side waiting in poll() like libcamera's event loop. Prints the median and p99
 * round trip in microseconds over <calls> after <warmup>:  pingpong <calls> <warmup> [threaded]
 *
 * With "threaded" the parent is shaped like the threaded design: a receiver thread waits in poll()
 * and takes each reply off the socket, then hands it to the calling thread, which sends and waits
 * on a mutex + condition variable (pthread_cond_signal). The floor for that design in C: one more
 * thread wake-up per round trip than the plain ping-pong.
 */
#include <pthread.h>
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

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int pending;
static int received;

/* The threaded design's receiver: every reply completes the pending call. */
static void *receiver(void *arg)
{
	int sock = *(int *)arg;
	uint8_t buf[64];
	int fds[IPC_MAX_FDS];
	unsigned int nfds;
	for (;;) {
		int n = ipc_recv(sock, buf, sizeof(buf), fds, &nfds);
		pthread_mutex_lock(&lock);
		received = n;
		pending = 0;
		pthread_cond_signal(&cond);
		pthread_mutex_unlock(&lock);
		if (n < 0)
			return NULL;
	}
}

/* One sync call of the threaded design: mark pending, send, wait for the receiver. */
static int threaded_call(int sock, const void *msg)
{
	pthread_mutex_lock(&lock);
	pending = 1;
	pthread_mutex_unlock(&lock);
	if (ipc_send(sock, msg, 8, NULL, 0) < 0)
		return -1;
	pthread_mutex_lock(&lock);
	while (pending)
		pthread_cond_wait(&cond, &lock);
	int n = received;
	pthread_mutex_unlock(&lock);
	return n;
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
	int threaded = argc > 3 && strcmp(argv[3], "threaded") == 0;
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
	pthread_t rx;
	if (threaded && pthread_create(&rx, NULL, receiver, &sv[0]) != 0) {
		fprintf(stderr, "pingpong: cannot start the receiver thread\n");
		return 1;
	}
	long long *rtt = malloc(sizeof(long long) * calls);
	for (int i = 0; i < warmup + calls; i++) {
		uint32_t msg[2] = { 1, (uint32_t)i };
		long long t0 = now_ns();
		int ok = threaded ? threaded_call(sv[0], msg) == 8
				  : ipc_send(sv[0], msg, 8, NULL, 0) == 0 && ipc_recv(sv[0], buf, sizeof(buf), fds, &nfds) == 8;
		if (!ok) {
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
