/* `baotu log`: the outsiders' tools of the public transparency log (docs/TRANSPARENCY.md):
 * keygen, monitor, witness; and the check of the private event chain against the anchors a
 * monitor recorded (`baotu audit verify --against-head`). */
#ifndef BAOTU_CLI_LOG_H
#define BAOTU_CLI_LOG_H
#include "store/store.h"

/* `baotu log SUBCOMMAND ...` (argv[0] is "log"): exit 0 ok, 1 a check failed, 2 usage or
 * network. */
int cmd_log(int argc, char **argv);

/* Checks the events of C (in a read transaction) against the anchors of the monitor state
 * file PATH, in ascending chain seq: each anchored event must exist with the anchored hash.
 * Prints one line; returns 0 when all agree, 1 at the first that does not (events cut off
 * or the chain rewritten), 2 when PATH is not a state file, -1 on a store error (in E). */
int log_against_head(store_conn *c, const char *path, err *e);

#endif
