// The embedded store's schema version: the number of migrations in migrations.ts (a test checks the
// two agree). Kept apart so that opening an up-to-date database does not load the migrations.

export const SCHEMA_VERSION = 7
