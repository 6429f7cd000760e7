// Whether SQL text holds a `;` that ends a statement: one outside string literals, quoted names and
// comments. Only for telling the user why a query was refused; the server decides what runs.

export function hasStatementSeparator(sql: string): boolean {
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]
    if (c === ';') return true
    if (c === "'" || c === '"' || c === '`') i = closingQuote(sql, i)
    else if (c === '-' && sql[i + 1] === '-') i = endOf(sql, '\n', i + 2)
    else if (c === '/' && sql[i + 1] === '*') i = endOf(sql, '*/', i + 2) + 1
  }
  return false
}

/** Index of the quote that closes the one at `open` (a backslash or a doubled quote escapes it). */
function closingQuote(sql: string, open: number): number {
  const quote = sql[open]
  for (let i = open + 1; i < sql.length; i++) {
    if (sql[i] === '\\') i++
    else if (sql[i] === quote) {
      if (sql[i + 1] !== quote) return i
      i++
    }
  }
  return sql.length
}

function endOf(sql: string, marker: string, from: number): number {
  const at = sql.indexOf(marker, from)
  return at === -1 ? sql.length : at
}
