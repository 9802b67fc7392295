/*
 * libcamera's IPC framing in plain C, shared by the kit's C worker and ping-pong bench:
 * a header datagram {u32 dataLength; u8 fdCount; 3 zero bytes}, then a data datagram
 * {u32 cmd; u32 cookie; args...} carrying the fds as SCM_RIGHTS (a control message is always
 * attached, as libcamera does, even with no fds).
 */
#ifndef IPCSYNC_IPC_FRAME_H
#define IPCSYNC_IPC_FRAME_H

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#define IPC_MAX_FDS 60
#define IPC_MAX_DATA 65536

struct ipc_header {
	uint32_t data;
	uint8_t fds;
};

/* Sends one framed message; returns 0 or -errno. Non-blocking sends, like libcamera. */
static inline int ipc_send(int sock, const void *data, uint32_t len, const int *fds, unsigned int nfds)
{
	struct ipc_header hdr;
	memset(&hdr, 0, sizeof(hdr));
	hdr.data = len;
	hdr.fds = nfds;
	if (send(sock, &hdr, sizeof(hdr), 0) < 0)
		return -errno;

	char control[CMSG_SPACE(IPC_MAX_FDS * sizeof(int))];
	memset(control, 0, sizeof(control));
	struct iovec iov = { (void *)data, len };
	struct msghdr msg = { 0 };
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control;
	msg.msg_controllen = CMSG_LEN(nfds * sizeof(int));
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_len = CMSG_LEN(nfds * sizeof(int));
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	if (nfds)
		memcpy(CMSG_DATA(cmsg), fds, nfds * sizeof(int));
	if (sendmsg(sock, &msg, 0) < 0)
		return -errno;
	return 0;
}

/*
 * Receives one framed message, waiting in poll() for each datagram. Returns the data length,
 * or -errno; *nfds gets the number of fds received (at most IPC_MAX_FDS).
 */
static inline int ipc_recv(int sock, void *data, uint32_t cap, int *fds, unsigned int *nfds)
{
	struct pollfd pfd = { sock, POLLIN, 0 };
	struct ipc_header hdr;
	ssize_t n;

	for (;;) {
		if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
			return -errno;
		n = recv(sock, &hdr, sizeof(hdr), 0);
		if (n >= 0 || errno != EAGAIN)
			break;
	}
	if (n < 0)
		return -errno;
	if (n != sizeof(hdr) || hdr.data > cap)
		return -EPROTO;

	char control[CMSG_SPACE(IPC_MAX_FDS * sizeof(int))];
	struct iovec iov = { data, cap };
	struct msghdr msg = { 0 };
	for (;;) {
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = control;
		msg.msg_controllen = sizeof(control);
		if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
			return -errno;
		n = recvmsg(sock, &msg, 0);
		if (n >= 0 || errno != EAGAIN)
			break;
	}
	if (n < 0)
		return -errno;
	*nfds = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			unsigned int k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			memcpy(fds + *nfds, CMSG_DATA(c), k * sizeof(int));
			*nfds += k;
		}
	}
	if ((uint32_t)n != hdr.data || *nfds != hdr.fds)
		return -EPROTO;
	return (int)n;
}

#endif
