// Pure: a session id or a unique prefix of one (the dashboard shows the first 8 characters) to the full
// id, among the ids known. An exact id always wins; a prefix must name exactly one session.

export type PrefixMatch =
  | { kind: 'found'; sessionId: string }
  | { kind: 'none' }
  | { kind: 'ambiguous'; candidates: string[] }

/** How many candidates an ambiguous prefix lists. */
export const AMBIGUOUS_SHOWN = 5

export function matchSessionPrefix(input: string, known: Iterable<string>): PrefixMatch {
  const candidates = new Set<string>()
  for (const id of known) {
    if (id === input) return { kind: 'found', sessionId: id }
    if (id.startsWith(input)) candidates.add(id)
  }
  const [only, ...rest] = [...candidates].sort()
  if (only === undefined) return { kind: 'none' }
  if (rest.length === 0) return { kind: 'found', sessionId: only }
  return { kind: 'ambiguous', candidates: [only, ...rest] }
}

/** Characters that can be in a session id: letters, digits, `-` and `_` (never a path). */
export const SESSION_ID_CHARS = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/

export function ambiguousMessage(input: string, candidates: readonly string[]): string {
  const shown = candidates.slice(0, AMBIGUOUS_SHOWN).join(', ')
  const more = candidates.length > AMBIGUOUS_SHOWN ? ` and ${candidates.length - AMBIGUOUS_SHOWN} more` : ''
  return `Session id prefix ${input} matches ${candidates.length} sessions (${shown}${more}); give more characters`
}
