// Where Claude Code keeps a session's sub-agent transcripts: `<project>/<session>.jsonl` has them in
// `<project>/<session>/subagents/*.jsonl`. One spelling of that folder for every reader (the statusline's
// cache keys it, context analysis and cleaning list it), so two of them never name it differently.
// Pure, and free of node:fs on purpose: the statusline's cached path imports it, and loading node:fs
// costs that path about 5 ms. Listing the folder is discover-transcripts.ts's subagentFilesOf.

/** The sub-agents folder beside a transcript: `<dir>/<session>/subagents`. */
export function subagentsDirOf(transcriptPath: string): string {
  return `${transcriptPath.replace(/\.jsonl$/, '')}/subagents`
}
