/*
 * WorkerProcessTest's worker: started as `fd_report_worker <action> <fd>`, it writes what it was
 * given to the file named by $WORKER_REPORT -- one "argv <arg>" line per argument, one
 * "fd <n> <target>" line per open fd (the directory listing's own fd left out), and
 * "env WORKER_TOKEN=<value>" -- then reads one byte from fd <fd> (the test says "go") and does
 * <action>: "exit:N" exits with N, "signal:N" raises signal N, "wait" waits to be killed.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *report = getenv("WORKER_REPORT");
	const char *token = getenv("WORKER_TOKEN");
	if (!report || argc != 3)
		return 100;
	FILE *out = fopen(report, "we");
	if (!out)
		return 101;
	for (int i = 0; i < argc; i++)
		fprintf(out, "argv %s\n", argv[i]);
	DIR *dir = opendir("/proc/self/fd");
	if (!dir)
		return 102;
	struct dirent *e;
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		int fd = atoi(e->d_name);
		if (fd == dirfd(dir) || fd == fileno(out))
			continue;
		char path[64], target[256];
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		ssize_t n = readlink(path, target, sizeof(target) - 1);
		target[n < 0 ? 0 : n] = '\0';
		fprintf(out, "fd %d %s\n", fd, target);
	}
	closedir(dir);
	fprintf(out, "env WORKER_TOKEN=%s\n", token ? token : "");
	fclose(out);

	char go;
	if (read(atoi(argv[2]), &go, 1) != 1)
		return 103;
	if (strncmp(argv[1], "exit:", 5) == 0)
		return atoi(argv[1] + 5);
	if (strncmp(argv[1], "signal:", 7) == 0)
		raise(atoi(argv[1] + 7));
	for (;;)
		pause();
}
