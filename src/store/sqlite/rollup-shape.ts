// The shape of the embedded store's usage rollup (usage-rollup-sql.ts builds and keeps it), apart from
// its SQL: readers need this number and the bucket width (ROLLUP_BUCKET_MS in usage-types.ts: an hour;
// a 15-minute bucket would serve half-hour zones directly, but makes the table 2.7 times larger), and building the trigger and migration SQL at load time
// cost a warm report over a millisecond.

/** The long-context tier the rollup splits on; queries with another threshold fall back to raw rows. */
export const ROLLUP_LONG_CONTEXT_THRESHOLD = 200_000
