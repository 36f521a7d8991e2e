/* Replays saved inputs through a fuzz target without libFuzzer: every file named on the command
 * line, or found (sorted, not recursively) in a directory named there, is read and passed to
 * LLVMFuzzerTestOneInput once. Built into the sanitizer build, so `make test` runs each target's
 * corpus and every input that ever crashed it under ASan and UBSan; a crash or a sanitizer
 * report fails the run. Prints how many inputs it replayed. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REPLAY_MAX_INPUT (4u << 20) /* libFuzzer's default -max_len is far below this */

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		return -1;
	}
	uint8_t *data = malloc(REPLAY_MAX_INPUT);
	if (!data) {
		fclose(f);
		return -1;
	}
	size_t n = fread(data, 1, REPLAY_MAX_INPUT, f);
	fclose(f);
	/* an exact-size copy, so that a read past the input's end is caught by ASan */
	uint8_t *exact = malloc(n ? n : 1);
	if (!exact) {
		free(data);
		return -1;
	}
	memcpy(exact, data, n);
	free(data);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf(
		    "Usage: %s FILE|DIR...\nReplays each file (each file in each DIR) through this "
		    "fuzz target once.\n",
		    argv[0]);
		return 0;
	}
	long count = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0)
			continue; /* a target with no saved crashes has no directory for them */
		if (!S_ISDIR(st.st_mode)) {
			if (replay_file(argv[i]) != 0)
				return 2;
			count++;
			continue;
		}
		DIR *d = opendir(argv[i]);
		if (!d)
			return 2;
		char **names = NULL;
		size_t n = 0, cap = 0;
		for (struct dirent *e; (e = readdir(d));) {
			if (e->d_name[0] == '.')
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				char **grown = realloc(names, cap * sizeof *names);
				if (!grown)
					return 2;
				names = grown;
			}
			names[n++] = strdup(e->d_name);
		}
		closedir(d);
		qsort(names, n, sizeof *names, by_name);
		for (size_t k = 0; k < n; k++) {
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", argv[i], names[k]);
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				if (replay_file(path) != 0)
					return 2;
				count++;
			}
			free(names[k]);
		}
		free(names);
	}
	printf("replayed %ld inputs\n", count);
	return 0;
}
