package org.ipcsync.os;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * Direct-mapped libc calls the kit needs for raw file descriptors: the event loop's poll and
 * eventfd, device ioctls and mappings, process spawning. Every call throws
 * {@link LastErrorException} carrying errno on failure; {@link Errno} turns that into a message.
 * Safe to call from any thread.
 */
public final class Libc {
    static {
        Native.register(Platform.C_LIBRARY);
    }

    private Libc() {}

    public static final short POLLIN = 0x001;
    public static final short POLLPRI = 0x002;
    public static final short POLLOUT = 0x004;
    public static final short POLLERR = 0x008;
    public static final short POLLHUP = 0x010;
    public static final short POLLNVAL = 0x020;

    public static final int EFD_CLOEXEC = 0x80000;
    public static final int EFD_NONBLOCK = 0x800;
    public static final int EFD_SEMAPHORE = 0x1;

    public static final int O_RDWR = 0x2;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;

    public static final int MFD_CLOEXEC = 0x1;

    public static final int O_RDONLY = 0x0;
    public static final int AF_UNIX = 1;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int ENOENT = 2;
    public static final int EBADF = 9;
    public static final int ENOTTY = 25;

    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int MAP_SHARED = 0x1;

    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EAGAIN = 11;
    public static final int EBUSY = 16;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ETIMEDOUT = 110;

    /** {@code fds} is an array of struct pollfd {int fd; short events; short revents;} packed as 8 bytes each. */
    public static native int poll(Pointer fds, NativeLong nfds, int timeoutMs) throws LastErrorException;

    /** {@code timeout} is a struct timespec {long tv_sec; long tv_nsec;} or null for no timeout. */
    public static native int ppoll(Pointer fds, NativeLong nfds, Pointer timeout, Pointer sigmask) throws LastErrorException;

    // Hot-path overloads with primitive size_t/ssize_t (x86-64: 64-bit long). JNA's direct mapping
    // converts NativeLong through a slow generic path; primitives go straight through.

    public static native int poll(Pointer fds, long nfds, int timeoutMs) throws LastErrorException;

    public static native int ppoll(Pointer fds, long nfds, Pointer timeout, Pointer sigmask) throws LastErrorException;

    public static native long read(int fd, Pointer buf, long count) throws LastErrorException;

    public static native long write(int fd, Pointer buf, long count) throws LastErrorException;

    public static native long send(int fd, Pointer buf, long length, int flags) throws LastErrorException;

    public static native long recv(int fd, Pointer buf, long length, int flags) throws LastErrorException;

    /** {@code msg} is a struct msghdr; see {@link #MSGHDR_SIZE} and the offsets below. */
    public static native long sendmsg(int fd, Pointer msg, int flags) throws LastErrorException;

    public static native long recvmsg(int fd, Pointer msg, int flags) throws LastErrorException;

    /** struct msghdr on x86-64: name, namelen, iov, iovlen, control, controllen, flags. */
    public static final int MSGHDR_SIZE = 56;
    public static final int MSGHDR_IOV = 16;
    public static final int MSGHDR_IOVLEN = 24;
    public static final int MSGHDR_CONTROL = 32;
    public static final int MSGHDR_CONTROLLEN = 40;
    public static final int MSGHDR_FLAGS = 48;
    /** struct iovec: base, len. */
    public static final int IOVEC_SIZE = 16;
    /** struct cmsghdr: size_t len, int level, int type, then the data (CMSG_LEN(0)). */
    public static final int CMSGHDR_SIZE = 16;
    public static final int SOL_SOCKET = 1;
    public static final int SCM_RIGHTS = 1;
    public static final int MSG_CTRUNC = 0x8;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;

    public static native int eventfd(int initval, int flags) throws LastErrorException;

    public static native NativeLong read(int fd, Pointer buf, NativeLong count) throws LastErrorException;

    public static native NativeLong write(int fd, Pointer buf, NativeLong count) throws LastErrorException;

    public static native NativeLong pread(int fd, Pointer buf, NativeLong count, NativeLong offset) throws LastErrorException;

    public static native int close(int fd) throws LastErrorException;

    public static native int dup(int fd) throws LastErrorException;

    public static native int open(String path, int flags) throws LastErrorException;

    public static native int ioctl(int fd, NativeLong request, Pointer arg) throws LastErrorException;

    public static native int memfd_create(String name, int flags) throws LastErrorException;

    public static native int ftruncate(int fd, NativeLong length) throws LastErrorException;

    public static native Pointer mmap(Pointer addr, NativeLong length, int prot, int flags, int fd, NativeLong offset)
            throws LastErrorException;

    public static native int munmap(Pointer addr, NativeLong length) throws LastErrorException;

    public static native int getpid();

    public static native int kill(int pid, int sig) throws LastErrorException;

    public static native NativeLong pwrite(int fd, Pointer buf, NativeLong count, NativeLong offset) throws LastErrorException;

    /** {@code sv} receives two ints, the connected ends. */
    public static native int socketpair(int domain, int type, int protocol, Pointer sv) throws LastErrorException;

    public static native int dup3(int oldfd, int newfd, int flags) throws LastErrorException;

    /** Only for commands whose third argument is an int (F_DUPFD_CLOEXEC, ...). */
    public static native int fcntl(int fd, int cmd, int arg) throws LastErrorException;

    public static native NativeLong lseek(int fd, NativeLong offset, int whence) throws LastErrorException;

    public static final int SEEK_END = 2;
    public static final int ESPIPE = 29;

    public static native int epoll_create1(int flags) throws LastErrorException;

    /** {@code event} is a packed struct epoll_event: u32 events at 0, u64 data at 4 (12 bytes on x86-64). */
    public static native int epoll_ctl(int epfd, int op, int fd, Pointer event) throws LastErrorException;

    public static final int EPOLL_CLOEXEC = 0x80000;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLLIN = 0x001;
    public static final int EPOLL_EVENT_SIZE = 12;

    public static final int O_WRONLY = 0x1;
    public static final int EPIPE = 32;
    public static final int ECONNRESET = 104;
    public static final int ENOTCONN = 107;
    public static final int ECONNREFUSED = 111;
    public static final int SIGKILL = 9;
    public static final int P_PID = 1;
    public static final int WEXITED = 4;
    public static final int WNOWAIT = 0x01000000;
    public static final int ECHILD = 10;

    /** glibc's opaque spawn structures are 80 and 336 bytes on x86-64; these sizes leave room. */
    public static final int SPAWN_FILE_ACTIONS_SIZE = 256;
    public static final int SPAWNATTR_SIZE = 512;
    /** sigset_t is 128 bytes in glibc. */
    public static final int SIGSET_SIZE = 128;
    public static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    public static final short POSIX_SPAWN_SETSIGMASK = 0x08;

    // posix_spawn and its helpers return an error number instead of setting errno.

    /** {@code argv} and {@code envp} are NULL-terminated char* arrays (JNA StringArray). */
    public static native int posix_spawn(Pointer pid, String path, Pointer fileActions, Pointer attr,
            Pointer argv, Pointer envp);

    public static native int posix_spawn_file_actions_init(Pointer fileActions);

    public static native int posix_spawn_file_actions_destroy(Pointer fileActions);

    public static native int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

    public static native int posix_spawn_file_actions_addopen(Pointer fileActions, int fd, String path, int flags,
            int mode);

    /** glibc 2.34+: closes every fd from {@code from} up in the child. */
    public static native int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int from);

    public static native int posix_spawnattr_init(Pointer attr);

    public static native int posix_spawnattr_destroy(Pointer attr);

    public static native int posix_spawnattr_setflags(Pointer attr, short flags);

    public static native int posix_spawnattr_setsigmask(Pointer attr, Pointer sigmask);

    public static native int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigdefault);

    public static native int sigemptyset(Pointer set) throws LastErrorException;

    public static native int sigfillset(Pointer set) throws LastErrorException;

    /** {@code status} receives an int wait status. */
    public static native int waitpid(int pid, Pointer status, int options) throws LastErrorException;

    /** {@code info} receives a siginfo_t (128 bytes); with WNOWAIT the child stays waitable. */
    public static native int waitid(int idtype, int id, Pointer info, int options) throws LastErrorException;

    public static native int getppid();

    /** {@code fds} receives two ints: the read end, then the write end. */
    public static native int pipe2(Pointer fds, int flags) throws LastErrorException;

    public static final int SYS_PIDFD_OPEN = 434;
    public static final int WNOHANG = 1;
    /** siginfo_t's si_code for a child that exited, was killed, or dumped core. */
    public static final int CLD_EXITED = 1;
    public static final int CLD_KILLED = 2;
    public static final int CLD_DUMPED = 3;

    /**
     * {@code syscall(2)} with two int arguments, for calls glibc 2.36 wraps but older ones do not
     * ({@code pidfd_open(pid, flags)}); x86-64 passes them in registers like any int.
     */
    public static native int syscall(long number, int a, int b) throws LastErrorException;

    /** Holder for the C library name, so {@code Native.register} resolves it once. */
    private static final class Platform {
        static final String C_LIBRARY = "c";
    }
}
