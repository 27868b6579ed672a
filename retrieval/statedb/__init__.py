"""The state database: one interface, two engines (an SQLite file, or a PostgreSQL server).

Everything the bot remembers between questions (buttons, votes, followed sites, feed status,
rate limits, the update ledger, outboxes, admin jobs) is written once, against `Database`, in
SQL both engines run:

- `?` placeholders; upserts as `INSERT … ON CONFLICT (…) DO UPDATE/NOTHING`; `RETURNING`;
  `CASE WHEN` where SQLite would sum booleans; no `rowid` unless a table declares it;
- the column named `offset` is written `"offset"` (a reserved word in PostgreSQL);
- tables are made by versioned migrations (`Migration`), in SQLite's words; PostgreSQL's are
  derived from them (`INTEGER` → `BIGINT`, `REAL` → `DOUBLE PRECISION`, `AUTOINCREMENT` →
  an identity column) unless a migration gives its own;
- a claim of rows reads them with `Tx.skip_locked` after its `WHERE` and `LIMIT`: PostgreSQL's
  `FOR UPDATE SKIP LOCKED` (two replicas never claim one row), nothing in SQLite, whose
  `BEGIN IMMEDIATE` already lets one writer in at a time;
- `Presence` tells whether the process that claimed a row still lives (PostgreSQL: a session
  advisory lock each process holds for its lifetime; SQLite: one process, so only itself).

`engines.open_database` picks the engine: a PostgreSQL URL, else an SQLite file (the embedded
default, the files the bot always kept in its state folder). Migrations run when a store opens,
by one process at a time (SQLite's write lock; PostgreSQL's transaction-scoped advisory lock), each
component's version kept in the table `briefbot_schema`. Errors of either engine come out as
`retrieval.errors.StateError`.
"""
