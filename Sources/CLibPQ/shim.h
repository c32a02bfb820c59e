#ifndef CHATSLA_CLIBPQ_SHIM_H
#define CHATSLA_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#include <postgres_ext.h>
#endif
