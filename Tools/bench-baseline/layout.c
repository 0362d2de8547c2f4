/* IKStore's own storage layout written from C (Tools/bench's "layout" side): every database, key and hash an
 * append of ik writes for the bench's events, with none of Swift's costs. It answers two questions the ratios to raw
 * LMDB cannot: how much of ik's append time the layout itself takes (ik ÷ this, same events, same commits), and what
 * each index costs (this program with one part left out). It writes what ik writes for one event
 * (LogWriter.store, release of 2026-11): the envelope as canonical JSON and the salted payload record under seq with
 * MDB_APPEND; `streams` (stream, 0x00, version → seq); `effective` by year (year, seq → month, day); the look-alike
 * index (folded stream → stream, read first); `idempotency` (actor, 0x00, key → seq, looked up first); `ids` (the
 * time-ordered id's text → seq, MDB_APPEND); the Merkle leaf hash and the subtrees of level 4 and up; and per commit
 * the head in `meta`. It reads what ik reads per event: the stream's version (a cursor to the stream's last key)
 * and the idempotency key. The payload is hashed with its salt (SHA-256), the envelope as an RFC 6962 leaf. */
#include "bench.h"

#include <ctype.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


enum { DB_EVENTS, DB_PAYLOADS, DB_STREAMS, DB_EFFECTIVE, DB_STREAMKEYS, DB_IDEMPOTENCY, DB_IDS, DB_MERKLE, DB_META, DB_COUNT };
static const char *db_names[DB_COUNT] = {
    "events", "payloads", "streams", "effective", "streamKeys", "idempotency", "ids", "merkle", "meta"};

/* The parts that can be left out, by name (Tools/bench measures each one's cost). */
static const char *part_names[] = {"payloads", "streams", "effective", "streamkeys", "idempotency", "ids", "merkle", "hashing", NULL};

unsigned layout_part(const char *name) {
    for (unsigned i = 0; part_names[i]; i++)
        if (!strcmp(part_names[i], name)) return 1u << i;
    fprintf(stderr, "unknown part %s (one of payloads streams effective streamkeys idempotency ids merkle hashing)\n", name);
    exit(64);
}
#define WITHOUT(part) (without & layout_part(part))

static unsigned char pool[4096];
static size_t pool_next = sizeof pool;

static void random_bytes(unsigned char *out, size_t count) {
    if (pool_next + count > sizeof pool) {
        FILE *f = fopen("/dev/urandom", "rb");
        if (!f || fread(pool, 1, sizeof pool, f) != sizeof pool) { perror("/dev/urandom"); exit(1); }
        fclose(f);
        pool_next = 0;
    }
    memcpy(out, pool + pool_next, count);
    pool_next += count;
}

/* SHA-256 through the low-level interface: OpenSSL 3's one-shot SHA256() looks the algorithm up on every call,
 * which costs more than hashing an envelope. */
static void sha256(const void *bytes, size_t count, unsigned char out[32]) {
    SHA256_CTX context;
    SHA256_Init(&context);
    SHA256_Update(&context, bytes, count);
    SHA256_Final(out, &context);
}

static void put(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t key_size, const void *value, size_t value_size,
                unsigned flags) {
    MDB_val k = {key_size, (void *)key}, v = {value_size, (void *)value};
    CHECK(mdb_put(txn, dbi, &k, &v, flags));
}

static void hex(const unsigned char *bytes, size_t count, char *out) {
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < count; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[2 * count] = 0;
}

/* The Merkle frontier: the roots of the complete subtrees so far, by level. */
typedef struct { unsigned char hash[32]; int level; } node;
static node frontier[64];
static int frontier_count;

/* Adds a leaf to the frontier, storing the leaf and the subtrees of level 4 and up when `store`; without `hash`
 * interior nodes are not hashed (to measure the Merkle cache's puts apart from the hashing). */
static void merkle_push(MDB_txn *txn, MDB_dbi merkle, uint64_t leaf_index, const unsigned char leaf[32], int store,
                        int hash) {
    node current = {{0}, 0};
    memcpy(current.hash, leaf, 32);
    uint64_t index = leaf_index;
    for (;;) {
        if (store && (current.level == 0 || current.level >= 4)) {
            unsigned char key[9];
            uint64_t last = __builtin_bswap64(((index + 1) << current.level) - 1);
            memcpy(key, &last, 8);
            key[8] = (unsigned char)current.level;
            put(txn, merkle, key, 9, current.hash, 32, MDB_APPEND);
        }
        if (frontier_count == 0 || frontier[frontier_count - 1].level != current.level) break;
        unsigned char joined[65];
        joined[0] = 1;
        memcpy(joined + 1, frontier[frontier_count - 1].hash, 32);
        memcpy(joined + 33, current.hash, 32);
        frontier_count--;
        if (hash) sha256(joined, 65, current.hash);
        current.level++;
        index >>= 1;
    }
    frontier[frontier_count++] = current;
}

void layout_append(const char *dir, long total, long batch, unsigned without, const char *name) {
    MDB_env *env;
    CHECK(mdb_env_create(&env));
    CHECK(mdb_env_set_maxdbs(env, 16));
    CHECK(mdb_env_set_mapsize(env, (size_t)8 << 30));
    CHECK(mdb_env_open(env, dir, 0, 0600));
    MDB_txn *txn;
    MDB_dbi db[DB_COUNT];
    CHECK(mdb_txn_begin(env, NULL, 0, &txn));
    for (int i = 0; i < DB_COUNT; i++) CHECK(mdb_dbi_open(txn, db_names[i], MDB_CREATE, &db[i]));
    MDB_stat stat;
    CHECK(mdb_stat(txn, db[DB_EVENTS], &stat));
    long have = (long)stat.ms_entries;
    CHECK(mdb_txn_commit(txn));
    if (have > 0) { /* a store of an earlier round goes on from its head's frontier */
        MDB_val k = {4, "head"}, v;
        CHECK(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn));
        CHECK(mdb_get(txn, db[DB_META], &k, &v));
        const unsigned char *bytes = v.mv_data;
        for (size_t at = 33; at + 33 <= v.mv_size; at += 33) {
            frontier[frontier_count].level = bytes[at];
            memcpy(frontier[frontier_count++].hash, bytes + at + 1, 32);
        }
        mdb_txn_abort(txn);
    }
    static const char filler[] = "Kontroll av saldo i narkotikajournal, enhet %d, avvikelse utredd och återkopplad till MAS. ";
    unsigned char record[1024], envelope[1024], hash[32] = {0}, id_bytes[10];
    char stream[64], folded[64], idem[64], digest_hex[65], id[40], text[700];
    uint64_t last_high = 0, last_low = 0;
    double start = now_seconds();
    for (long i = have; i < have + total; i += batch) {
        CHECK(mdb_txn_begin(env, NULL, 0, &txn));
        MDB_cursor *versions;
        CHECK(mdb_cursor_open(txn, db[DB_STREAMS], &versions));
        struct timespec wall;
        clock_gettime(CLOCK_REALTIME, &wall);
        uint64_t ms = (uint64_t)wall.tv_sec * 1000 + (uint64_t)wall.tv_nsec / 1000000;
        for (long j = i; j < i + batch && j < have + total; j++) {
            uint64_t seq = (uint64_t)j + 1, seq_key = __builtin_bswap64(seq);
            int stream_len = snprintf(stream, sizeof stream, "deviation-D-%ld", j);
            snprintf(idem, sizeof idem, "bench-%ld", j);
            /* What ik reads first: the idempotency key, then the stream's version. */
            char idem_key[80];
            int idem_key_len = snprintf(idem_key, sizeof idem_key, "bench%c%s", 0, idem);
            MDB_val k = {(size_t)idem_key_len, idem_key}, v;
            if (!WITHOUT("idempotency") && mdb_get(txn, db[DB_IDEMPOTENCY], &k, &v) == 0) { fprintf(stderr, "duplicate\n"); exit(1); }
            unsigned char stream_key[80];
            memcpy(stream_key, stream, (size_t)stream_len);
            stream_key[stream_len] = 0;
            memset(stream_key + stream_len + 1, 0xFF, 8);
            uint64_t version = 1;
            if (!WITHOUT("streams")) {
                k.mv_size = (size_t)stream_len + 9;
                k.mv_data = stream_key;
                int rc = mdb_cursor_get(versions, &k, &v, MDB_SET_RANGE);
                if (rc == 0) rc = mdb_cursor_get(versions, &k, &v, MDB_PREV);
                else if (rc == MDB_NOTFOUND) rc = mdb_cursor_get(versions, &k, &v, MDB_LAST);
                if (rc == 0 && k.mv_size == (size_t)stream_len + 9 && !memcmp(k.mv_data, stream, (size_t)stream_len + 1))
                    version = __builtin_bswap64(*(uint64_t *)((char *)k.mv_data + stream_len + 1)) + 1;
            }
            /* The payload: ~300 bytes of canonical JSON, salted. */
            char description[3 * sizeof text];
            snprintf(text, sizeof text, filler, (int)(j % 97));
            snprintf(description, sizeof description, "%s%s%s", text, text, text);
            description[200] = 0;
            record[0] = 0;
            random_bytes(record + 1, 16);
            int json_len = snprintf((char *)record + 17, sizeof record - 17,
                                    "{\"controlId\":\"C-%ld\",\"count\":%ld,\"description\":\"%s\",\"deviationId\":\"D-%ld\",\"severity\":\"minor\"}",
                                    j % 50, j % 7, description, j);
            size_t record_len = 17 + (size_t)json_len;
            if (!WITHOUT("hashing")) sha256(record + 1, record_len - 1, hash);
            hex(hash, 32, digest_hex);
            /* A time-ordered id: milliseconds, 12 random bits, 62 random bits; above the last by a random step
             * within one millisecond, as ik's (RFC 9562 §6.2, method 2). */
            random_bytes(id_bytes, 10);
            uint64_t high = ms << 12 | (uint64_t)(id_bytes[0] << 8 | id_bytes[1]) >> 4, low;
            memcpy(&low, id_bytes + 2, 8);
            low &= 0x3FFFFFFFFFFFFFFFull;
            if (high < last_high || (high == last_high && low <= last_low)) {
                high = last_high;
                low = last_low + (low >> 32) + 1;
            }
            last_high = high;
            last_low = low;
            snprintf(id, sizeof id, "%08llx-%04llx-7%03llx-%04llx-%012llx", (unsigned long long)(high >> 28),
                     (unsigned long long)(high >> 12 & 0xFFFF), (unsigned long long)(high & 0xFFF),
                     (unsigned long long)(0x8000 | low >> 48), (unsigned long long)(low & 0xFFFFFFFFFFFFull));
            int days = 19000 + (int)(j % 1500), year = 2022 + days / 366 % 5, month = 1 + days % 12, day = 1 + days % 28;
            int envelope_len = snprintf((char *)envelope, sizeof envelope,
                "{\"actor\":\"bench\",\"effectiveAt\":\"%04d-%02d-%02d\",\"id\":\"%s\",\"idempotencyKey\":\"%s\","
                "\"payloadDigest\":\"%s\",\"recordedAt\":\"2026-11-25T03:00:00.000000Z\",\"schemaVersion\":1,"
                "\"seq\":%llu,\"stream\":\"%s\",\"streamVersion\":%llu,\"type\":\"DeviationRecorded\"}",
                year, month, day, id, idem, digest_hex, (unsigned long long)seq, stream, (unsigned long long)version);
            put(txn, db[DB_EVENTS], &seq_key, 8, envelope, (size_t)envelope_len, MDB_APPEND);
            if (!WITHOUT("payloads")) put(txn, db[DB_PAYLOADS], &seq_key, 8, record, record_len, MDB_APPEND);
            if (!WITHOUT("streams")) {
                uint64_t version_key = __builtin_bswap64(version);
                memcpy(stream_key + stream_len + 1, &version_key, 8);
                put(txn, db[DB_STREAMS], stream_key, (size_t)stream_len + 9, &seq_key, 8, MDB_NOOVERWRITE);
            }
            if (!WITHOUT("effective")) {
                unsigned char effective[10] = {(unsigned char)(year >> 8), (unsigned char)year};
                unsigned char month_day[2] = {(unsigned char)month, (unsigned char)day};
                memcpy(effective + 2, &seq_key, 8);
                put(txn, db[DB_EFFECTIVE], effective, 10, month_day, 2, 0);
            }
            if (!WITHOUT("streamkeys") && version == 1) {
                for (int c = 0; c <= stream_len; c++) folded[c] = (char)tolower((unsigned char)stream[c]);
                k.mv_size = (size_t)stream_len;
                k.mv_data = folded;
                if (mdb_get(txn, db[DB_STREAMKEYS], &k, &v) == MDB_NOTFOUND)
                    put(txn, db[DB_STREAMKEYS], folded, (size_t)stream_len, stream, (size_t)stream_len, 0);
            }
            if (!WITHOUT("idempotency")) put(txn, db[DB_IDEMPOTENCY], idem_key, (size_t)idem_key_len, &seq_key, 8, MDB_NOOVERWRITE);
            if (!WITHOUT("ids")) put(txn, db[DB_IDS], id, 36, &seq_key, 8, MDB_APPEND);
            if (!WITHOUT("hashing")) {
                unsigned char leaf[1025];
                leaf[0] = 0;
                memcpy(leaf + 1, envelope, (size_t)envelope_len);
                sha256(leaf, (size_t)envelope_len + 1, hash);
            }
            merkle_push(txn, db[DB_MERKLE], (uint64_t)j, hash, !WITHOUT("merkle"), !WITHOUT("hashing"));
        }
        mdb_cursor_close(versions);
        /* The head: size, last recorded time, last id, the frontier. */
        unsigned char head[1 + 8 + 8 + 16 + 64 * 33];
        size_t head_len = 33;
        memset(head, 0, 33);
        for (int f = 0; f < frontier_count; f++) {
            head[head_len++] = (unsigned char)frontier[f].level;
            memcpy(head + head_len, frontier[f].hash, 32);
            head_len += 32;
        }
        put(txn, db[DB_META], "head", 4, head, head_len, 0);
        CHECK(mdb_txn_commit(txn));
    }
    report_rate(name, total, now_seconds() - start);
    mdb_env_close(env);
}
