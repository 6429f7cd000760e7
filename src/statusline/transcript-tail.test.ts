import { afterAll, describe, expect, it } from 'bun:test'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from '../../test/helpers/cli.ts'
import { subagentsDirOf } from '../ingest/transcript-layout.ts'
import { sessionFiles } from './transcript-tail.ts'

const dir = tempDir('cc-transcript-tail-')
afterAll(() => dir.cleanup())

describe('sessionFiles', () => {
  // The line cache keys the sub-agents directory by subagentsDirOf's name and stores these file names:
  // a path Claude Code did not normalize must give the same names both ways.
  it('lists the sub-agent transcripts under the directory the line cache watches, by its name', () => {
    const transcript = `${dir.path}//project/./s1.jsonl`
    const subagents = join(dir.path, 'project', 's1', 'subagents')
    mkdirSync(subagents, { recursive: true })
    writeFileSync(join(dir.path, 'project', 's1.jsonl'), '')
    for (const name of ['agent-b.jsonl', 'agent-a.jsonl', 'notes.txt'])
      writeFileSync(join(subagents, name), '')
    expect(sessionFiles(transcript)).toEqual([
      transcript,
      `${subagentsDirOf(transcript)}/agent-a.jsonl`,
      `${subagentsDirOf(transcript)}/agent-b.jsonl`,
    ])
  })

  it('is the main transcript alone when it has no sub-agents', () => {
    const transcript = join(dir.path, 'project', 'alone.jsonl')
    expect(sessionFiles(transcript)).toEqual([transcript])
  })
})
