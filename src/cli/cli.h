#ifndef BAOTU_CLI_H
#define BAOTU_CLI_H
int cli_main(int argc, char **argv);
#endif
