#ifndef IKSTORE_CLMDB_SHIM_H
#define IKSTORE_CLMDB_SHIM_H
#include <lmdb.h>
#endif
