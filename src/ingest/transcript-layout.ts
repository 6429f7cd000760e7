// Where Claude Code keeps a session's sub-agent transcripts: `<project>/<session>.jsonl` has them in
// `<project>/<session>/subagents/*.jsonl`. One spelling of that folder for every reader (the statusline's
// cache keys it, context analysis and cleaning list it), so two of them never name it differently.

import { readdirSync } from 'node:fs'

/** The sub-agents folder beside a transcript: `<dir>/<session>/subagents`. */
export function subagentsDirOf(transcriptPath: string): string {
  return `${transcriptPath.replace(/\.jsonl$/, '')}/subagents`
}

/** The session's sub-agent transcripts, sorted by name; none when the folder is missing or unreadable. */
export function subagentFilesOf(transcriptPath: string): string[] {
  const dir = subagentsDirOf(transcriptPath)
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.jsonl'))
      .sort()
      .map((name) => `${dir}/${name}`)
  } catch {
    return []
  }
}
