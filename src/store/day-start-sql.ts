// SQL mapping a time column to the start of its calendar day, given a time zone's day starts
// (ascending), for either store. Runs of 24-hour days use arithmetic; a day of another length (a DST
// change) gets its own branch, so the expression has a few branches a year, not one per day.

const DAY_MS = 86_400_000

export interface DayStartDialect {
  /** The value before the first day start, and for no day starts at all. */
  none: string
  /** An integer expression, typed as the time column is. */
  int(expr: string): string
  intDiv(dividend: string, divisor: number): string
  /** The value of the first arm whose condition holds, else `otherwise`. */
  cases(arms: readonly (readonly [condition: string, value: string])[], otherwise: string): string
}

/** SQLite: integer `/` divides whole; before the first day, NULL. */
export const sqliteDayStart: DayStartDialect = {
  none: 'NULL',
  int: (expr) => expr,
  intDiv: (dividend, divisor) => `(${dividend}) / ${divisor}`,
  cases: (arms, otherwise) =>
    `(CASE ${arms.map(([condition, value]) => `WHEN ${condition} THEN ${value}`).join(' ')} ELSE ${otherwise} END)`,
}

/** ClickHouse: Int64 throughout, and -1 rather than NULL (a Nullable group key is slow on old servers). */
export const clickhouseDayStart: DayStartDialect = {
  none: 'toInt64(-1)',
  int: (expr) => `toInt64(${expr})`,
  intDiv: (dividend, divisor) => `intDiv(${dividend}, ${divisor})`,
  cases: (arms, otherwise) => `multiIf(${arms.flat().join(', ')}, ${otherwise})`,
}

export function dayStartSql(column: string, dayStarts: readonly number[], dialect: DayStartDialect): string {
  const starts = dayStarts.filter((d) => Number.isSafeInteger(d))
  const first = starts[0]
  if (first === undefined) return dialect.none
  const daysFrom = (from: number) =>
    dialect.int(`${from} + ${dialect.intDiv(`${column} - ${from}`, DAY_MS)} * ${DAY_MS}`)
  const arms: [string, string][] = [[`${column} < ${first}`, dialect.none]]
  let runStart = first
  for (let i = 0; i + 1 < starts.length; i++) {
    const start = starts[i] ?? 0
    const next = starts[i + 1] ?? 0
    if (next - start === DAY_MS) continue
    if (start > runStart) arms.push([`${column} < ${start}`, daysFrom(runStart)])
    arms.push([`${column} < ${next}`, dialect.int(String(start))])
    runStart = next
  }
  return dialect.cases(arms, daysFrom(runStart))
}
