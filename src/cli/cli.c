/* The baotu command line: one binary, GNU-style subcommands, each with --help. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "version.h"

static void usage(FILE *f)
{
	fputs("Usage: baotu COMMAND [OPTIONS]\n"
	      "\n"
	      "Runs the Jinan capital-market fintech innovation pilot (资本市场金融科技创新试点).\n"
	      "\n"
	      "Commands:\n"
	      "  version           print the version\n"
	      "\n"
	      "Run 'baotu COMMAND --help' for a command's options.\n",
	      f);
}

int cli_main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		printf("baotu %s\n", BAOTU_VERSION);
		return 0;
	}
	fprintf(stderr, "baotu: unknown command '%s'\n", cmd);
	usage(stderr);
	return 2;
}
