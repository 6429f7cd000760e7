// One step of a ClickHouse schema migration, the shape migrations.ts runs and the schema files write.

/**
 * A step is a statement, or a column to add when missing: ClickHouse 18.16 has no
 * `ADD COLUMN IF NOT EXISTS`, so the column list is checked first (and a racing collector's
 * "already exists" is taken as done).
 */
export type Step = string | { table: string; addColumn: string; type: string }
