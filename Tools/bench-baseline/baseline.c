/* The raw-LMDB baseline of Tools/bench: the same value sizes, the same commit pattern, no hashing,
 * no JSON, no indexes; and, through layout.c, IKStore's own layout. Prints one JSON line per case, like ik-bench. */
#include "bench.h"

#include <lmdb.h>
#include <openssl/sha.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

void report_rate(const char *name, long count, double seconds) {
    printf("{\"name\":\"%s\",\"per_s\":%.2f,\"count\":%ld,\"seconds\":%f}\n", name, count / seconds, count, seconds);
    fflush(stdout);
}

static MDB_env *open_env(const char *dir, unsigned flags) {
    MDB_env *env;
    CHECK(mdb_env_create(&env));
    CHECK(mdb_env_set_maxdbs(env, 16));
    CHECK(mdb_env_set_mapsize(env, (size_t)8 << 30));
    CHECK(mdb_env_open(env, dir, flags, 0644));
    return env;
}

/* Puts `total` more values of `size` bytes with MDB_APPEND after those there are, `batch` per durable commit. */
static void append(const char *dir, long total, long batch, size_t size, const char *name) {
    MDB_env *env = open_env(dir, 0);
    MDB_txn *txn;
    MDB_dbi dbi;
    char *value = malloc(size);
    for (size_t i = 0; i < size; i++) value[i] = 'a' + (char)(i % 26);
    CHECK(mdb_txn_begin(env, NULL, 0, &txn));
    CHECK(mdb_dbi_open(txn, "events", MDB_CREATE, &dbi));
    MDB_stat stat;
    CHECK(mdb_stat(txn, dbi, &stat));
    long have = (long)stat.ms_entries;
    CHECK(mdb_txn_commit(txn));
    double start = now_seconds();
    for (long i = have; i < have + total; i += batch) {
        CHECK(mdb_txn_begin(env, NULL, 0, &txn));
        for (long j = i; j < i + batch && j < have + total; j++) {
            uint64_t seq = __builtin_bswap64((uint64_t)j + 1);
            value[0] = (char)j;
            MDB_val k = {sizeof seq, &seq}, v = {size, value};
            CHECK(mdb_put(txn, dbi, &k, &v, MDB_APPEND));
        }
        CHECK(mdb_txn_commit(txn));
    }
    report_rate(name, total, now_seconds() - start);
    free(value);
    mdb_env_close(env);
}

/* Walks the `events` database of an IKStore store; with `hash`, computes its RFC 6962 root. */
static void scan(const char *dir, int hash) {
    MDB_env *env = open_env(dir, MDB_RDONLY);
    MDB_txn *txn;
    MDB_dbi dbi;
    MDB_cursor *cursor;
    MDB_val k, v;
    CHECK(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn));
    CHECK(mdb_dbi_open(txn, "events", 0, &dbi));
    CHECK(mdb_cursor_open(txn, dbi, &cursor));
    unsigned char stack[64][32];
    int levels[64];
    int depth = 0;
    long count = 0;
    size_t bytes = 0;
    double start = now_seconds();
    int rc;
    while ((rc = mdb_cursor_get(cursor, &k, &v, count ? MDB_NEXT : MDB_FIRST)) == 0) {
        count++;
        bytes += v.mv_size;
        if (!hash) continue;
        SHA256_CTX ctx;
        unsigned char zero = 0, one = 1;
        SHA256_Init(&ctx);
        SHA256_Update(&ctx, &zero, 1);
        SHA256_Update(&ctx, v.mv_data, v.mv_size);
        SHA256_Final(stack[depth], &ctx);
        levels[depth++] = 0;
        while (depth >= 2 && levels[depth - 1] == levels[depth - 2]) {
            SHA256_Init(&ctx);
            SHA256_Update(&ctx, &one, 1);
            SHA256_Update(&ctx, stack[depth - 2], 32);
            SHA256_Update(&ctx, stack[depth - 1], 32);
            SHA256_Final(stack[depth - 2], &ctx);
            levels[depth - 2]++;
            depth--;
        }
    }
    if (rc != MDB_NOTFOUND) CHECK(rc);
    if (hash) {
        unsigned char root[32], one = 1;
        memcpy(root, stack[depth - 1], 32);
        for (int i = depth - 2; i >= 0; i--) {
            SHA256_CTX ctx;
            SHA256_Init(&ctx);
            SHA256_Update(&ctx, &one, 1);
            SHA256_Update(&ctx, stack[i], 32);
            SHA256_Update(&ctx, root, 32);
            SHA256_Final(root, &ctx);
        }
        double seconds = now_seconds() - start;
        fprintf(stderr, "root of %ld events: ", count);
        for (int i = 0; i < 32; i++) fprintf(stderr, "%02x", root[i]);
        fprintf(stderr, "\n");
        report_rate("merkle-root-cold", 1, seconds);
    } else {
        report_rate("full-scan", count, now_seconds() - start);
    }
    mdb_cursor_close(cursor);
    mdb_txn_abort(txn);
    mdb_env_close(env);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: baseline CASE DIR [N]\n");
        return 64;
    }
    long n = argc > 3 ? atol(argv[3]) : 1000;
    if (!strcmp(argv[1], "append-batch")) append(argv[2], n, 1000, 300, "append-batch-1000");
    else if (!strcmp(argv[1], "append-single")) append(argv[2], n, 1, 300, "append-single-durable");
    else if (!strcmp(argv[1], "layout-batch") || !strcmp(argv[1], "layout-single")) {
        /* IKStore's layout; a fourth argument names parts to leave out, comma-separated */
        unsigned without = 0;
        char *parts = argc > 4 ? strdup(argv[4]) : NULL;
        for (char *part = parts ? strtok(parts, ",") : NULL; part; part = strtok(NULL, ",")) without |= layout_part(part);
        int single = !strcmp(argv[1], "layout-single");
        layout_append(argv[2], n, single ? 1 : 1000, without, single ? "append-single-durable" : "append-batch-1000");
        free(parts);
    }
    else if (!strcmp(argv[1], "scan")) scan(argv[2], 0);
    else if (!strcmp(argv[1], "root-cold")) scan(argv[2], 1);
    else { fprintf(stderr, "unknown case %s\n", argv[1]); return 64; }
    return 0;
}
