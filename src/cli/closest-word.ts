// "Did you mean …?" for a mistyped flag or command name.

/** Edit distance (insertions, deletions, substitutions) between two strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution))
    }
    previous = current
  }
  return previous[b.length] ?? 0
}

/**
 * The known word closest to `word`, if it is close enough to be a likely typo: within a third of the
 * word's length in edits, or one of the two starts the other (`--port` for `--po`, `--json` for `--jsonl`).
 */
export function closestWord(word: string, known: readonly string[]): string | undefined {
  let best: { word: string; distance: number } | undefined
  for (const candidate of known) {
    const prefix =
      Math.min(word.length, candidate.length) >= 3 &&
      (candidate.startsWith(word) || word.startsWith(candidate))
    const distance = prefix ? 0.5 : editDistance(word, candidate)
    if (!best || distance < best.distance) best = { word: candidate, distance }
  }
  if (!best) return undefined
  return best.distance <= Math.max(1, Math.floor(word.length / 3)) ? best.word : undefined
}
