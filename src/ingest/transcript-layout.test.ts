import { afterEach, expect, it } from 'bun:test'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { subagentFilesOf } from './discover-transcripts.ts'
import { subagentsDirOf } from './transcript-layout.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

it('lists a session’s sub-agent transcripts by name, and none when it has no folder for them', () => {
  const project = mkdtempSync(join(tmpdir(), 'cc-layout-'))
  dirs.push(project)
  const transcript = join(project, 's1.jsonl')
  writeFileSync(transcript, '')
  expect(subagentFilesOf(transcript)).toEqual([])
  const folder = subagentsDirOf(transcript)
  expect(folder).toBe(join(project, 's1', 'subagents'))
  mkdirSync(folder, { recursive: true })
  for (const name of ['agent-b.jsonl', 'agent-a.jsonl', 'notes.txt']) writeFileSync(join(folder, name), '')
  expect(subagentFilesOf(transcript)).toEqual([join(folder, 'agent-a.jsonl'), join(folder, 'agent-b.jsonl')])
})
