/*
 * A minimal libcamera-style IPA worker in C for `./kit ipc-selftest`: started as
 * `unixsocket_worker <module path> <fd>`, it speaks libcamera's unixsocket_ipc test protocol
 * (cmd 0 exit, cmd 1 sync get int32, cmd 2 async set int32, value starts at 1337) plus the
 * kit's cmd 3 (`ipc-selftest --fd-echo`): a sync call whose reply holds, for each received fd
 * in order, u32 length then the file's bytes (read with pread from offset 0). Replies echo cmd
 * and cookie.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ipc_frame.h"

static int reply(int sock, uint32_t cmd, uint32_t cookie, const void *args, uint32_t len)
{
	static uint8_t out[IPC_MAX_DATA];
	if (len > sizeof(out) - 8)
		return -EMSGSIZE;
	memcpy(out, &cmd, 4);
	memcpy(out + 4, &cookie, 4);
	memcpy(out + 8, args, len);
	return ipc_send(sock, out, len + 8, NULL, 0);
}

int main(int argc, char **argv)
{
	static uint8_t in[IPC_MAX_DATA];
	static uint8_t args[IPC_MAX_DATA];
	int fds[IPC_MAX_FDS];
	int32_t value = 1337;

	if (argc != 3) {
		fprintf(stderr, "usage: %s <module path> <fd>\n", argv[0]);
		return 2;
	}
	int sock = atoi(argv[2]);

	for (;;) {
		unsigned int nfds = 0;
		int n = ipc_recv(sock, in, sizeof(in), fds, &nfds);
		if (n < 0) {
			fprintf(stderr, "unixsocket_worker: dropped malformed message (%s)\n", strerror(-n));
			for (unsigned int i = 0; i < nfds; i++)
				close(fds[i]);
			continue;
		}
		if (n < 8) {
			fprintf(stderr, "unixsocket_worker: message shorter than its header\n");
			continue;
		}
		uint32_t cmd, cookie;
		memcpy(&cmd, in, 4);
		memcpy(&cookie, in + 4, 4);
		int ret = 0;
		switch (cmd) {
		case 0:
			return 0;
		case 1:
			ret = reply(sock, cmd, cookie, &value, 4);
			break;
		case 2:
			if (n >= 12)
				memcpy(&value, in + 8, 4);
			break;
		case 3: {
			uint32_t len = 0;
			for (unsigned int i = 0; i < nfds; i++) {
				ssize_t got = pread(fds[i], args + len + 4, sizeof(args) - len - 4, 0);
				uint32_t size = got > 0 ? (uint32_t)got : 0;
				memcpy(args + len, &size, 4);
				len += 4 + size;
			}
			ret = reply(sock, cmd, cookie, args, len);
			break;
		}
		default:
			fprintf(stderr, "unixsocket_worker: unknown command %u\n", cmd);
		}
		for (unsigned int i = 0; i < nfds; i++)
			close(fds[i]);
		if (ret == -ECONNREFUSED || ret == -EPIPE)
			return 1;
	}
}
