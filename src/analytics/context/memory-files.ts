// Pure: finds CLAUDE.md-style memory files inside the reminders Claude Code sends. It introduces each one
// as `Contents of <path> (<kind of instructions>):` followed by a blank line and the file.

const HEADER = /Contents of (\S+?\.md)(?: \([^)\n]*\))?:\n\n/g
const NEXT = '\n\nContents of '

export interface MemorySegment {
  path: string
  chars: number
}

export function memorySegments(text: string): MemorySegment[] {
  if (!text.includes('Contents of ')) return []
  const out: MemorySegment[] = []
  for (const match of text.matchAll(HEADER)) {
    const start = (match.index ?? 0) + match[0].length
    const next = text.indexOf(NEXT, start)
    const end = next === -1 ? text.length : next
    out.push({ path: match[1] ?? '', chars: end - start })
  }
  return out
}
