/* What the C programs of Tools/bench share: the clock and the result line (one JSON line per case, like ik-bench). */
#ifndef BENCH_H
#define BENCH_H
#include <lmdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Every LMDB return code is checked: a failure names the call and LMDB's message, and ends the program. */
#define CHECK(call) do { int rc_ = (call); if (rc_) { fprintf(stderr, "%s: %s\n", #call, mdb_strerror(rc_)); exit(1); } } while (0)

double now_seconds(void);
void report_rate(const char *name, long count, double seconds);

/* IKStore's layout (layout.c): `total` events, `batch` per durable commit, leaving out the parts in `without`. */
void layout_append(const char *dir, long total, long batch, unsigned without, const char *name);
/* The bit of a part's name ("payloads", "streams", …) for `without`. */
unsigned layout_part(const char *name);
#endif
