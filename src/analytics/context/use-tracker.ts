// Pure: decides whether a long tool output was ever used again. An output counts as used when a later
// assistant message (text, thinking or a tool call's input) mentions one of its distinctive words:
// identifiers, paths and numbers-with-letters that ordinary prose does not produce by chance. Only the
// head and tail of each output are sampled, which keeps this linear in what the assistant writes.

const SAMPLE_CHARS = 2_048
const WORDS_PER_OUTPUT = 24
// Identifiers with a digit, underscore, inner capital, dot or slash, six characters or more.
const DISTINCTIVE = /[A-Za-z_$][\w$]*(?:[_\d]|[a-z][A-Z]|[./-][A-Za-z_])[\w$./-]*/g
const MIN_WORD = 6

export interface UseTracker {
  /** Registers an output that may or may not be used later. */
  watch(key: string, text: string): void
  /** Notes that a new assistant response began: every output still unused has one more response after it. */
  startResponse(): void
  /** Text the assistant wrote (text, thinking, tool inputs); it marks watched outputs as used. */
  noteAssistant(text: string): void
  /** Outputs that at least `minResponses` responses followed without mentioning them. */
  unused(minResponses: number): Set<string>
  /** Its state as plain JSON data, to carry on from in another process (createUseTracker(snapshot)). */
  snapshot(): UseTrackerSnapshot
}

export interface UseTrackerSnapshot {
  byWord: [string, string[]][]
  watched: [string, { responsesAfter: number; used: boolean }][]
  open: string[]
}

export function createUseTracker(from?: UseTrackerSnapshot): UseTracker {
  const byWord = new Map<string, string[]>(from?.byWord)
  const watched = new Map<string, { responsesAfter: number; used: boolean }>(from?.watched)
  let open: string[] = from ? [...from.open] : []
  return {
    snapshot: () => ({ byWord: [...byWord], watched: [...watched], open: [...open] }),
    watch(key, text) {
      const words = sampleWords(text)
      // Nothing distinctive to look for: it cannot be judged, so it is never called unused.
      if (words.length === 0) return
      watched.set(key, { responsesAfter: 0, used: false })
      open.push(key)
      for (const w of words) {
        const keys = byWord.get(w)
        if (keys === undefined) byWord.set(w, [key])
        else keys.push(key)
      }
    },
    noteAssistant(text) {
      if (byWord.size === 0) return
      for (const match of text.matchAll(DISTINCTIVE)) {
        const keys = byWord.get(match[0])
        if (keys === undefined) continue
        for (const k of keys) {
          const w = watched.get(k)
          if (w !== undefined) w.used = true
        }
        byWord.delete(match[0])
      }
    },
    startResponse() {
      const still: string[] = []
      for (const k of open) {
        const w = watched.get(k)
        if (w === undefined || w.used) continue
        w.responsesAfter++
        still.push(k)
      }
      open = still
    },
    unused(minResponses) {
      const out = new Set<string>()
      for (const [k, w] of watched) if (!w.used && w.responsesAfter >= minResponses) out.add(k)
      return out
    },
  }
}

function sampleWords(text: string): string[] {
  const sample =
    text.length <= 2 * SAMPLE_CHARS ? text : `${text.slice(0, SAMPLE_CHARS)}\n${text.slice(-SAMPLE_CHARS)}`
  const words = new Set<string>()
  for (const match of sample.matchAll(DISTINCTIVE)) {
    if (match[0].length >= MIN_WORD) words.add(match[0])
    if (words.size >= WORDS_PER_OUTPUT) break
  }
  return [...words]
}
