// The session `tel-1` (project /home/dev/tel) that the ClickHouse tests see through both its transcript
// and its telemetry: their shared clock, OTLP limits and transcript lines.

import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { assistantLine, toolResultLine, toolUseLine } from './transcript-lines.ts'

export const T0 = Date.UTC(2026, 10, 3, 10)
export const at = (minute: number) => T0 + minute * 60_000
export const iso = (minute: number) => new Date(at(minute)).toISOString()

/** What the collector allows, for normalizing the payloads these tests build. */
export const telemetryLimits = { maxAttributes: 512, maxRecordBytes: 256 * 1024 }

/** One API response as a transcript records it: 100 input, 200 cache-write and 1,000 cache-read tokens. */
export function usageLine(
  session: string,
  request: string,
  minute: number,
  output: number,
  cwd: string,
): string {
  return assistantLine({
    session,
    request,
    timestamp: iso(minute),
    input: 100,
    output,
    cacheRead: 1000,
    cacheCreation: 200,
    cwd,
  })
}

/** One API response of tel-1 as its transcript records it. */
export function telLine(request: string, minute: number, output: number): string {
  return usageLine('tel-1', request, minute, output, '/home/dev/tel')
}

/** A further content-block line of a tel-1 response (same usage as telLine's): a tool call. */
export function telToolUse(
  request: string,
  minute: number,
  output: number,
  toolUseId: string,
  tool: string,
): string {
  return toolUseLine({
    session: 'tel-1',
    request,
    timestamp: iso(minute),
    input: 100,
    output,
    cacheRead: 1000,
    cacheCreation: 200,
    cwd: '/home/dev/tel',
    toolUseId,
    tool,
  })
}

/** The result of a tel-1 tool call, `seconds` after the minute starts. */
export function telToolResult(
  toolUseId: string,
  minute: number,
  seconds: number,
  content: string,
  isError?: boolean,
) {
  return toolResultLine({
    session: 'tel-1',
    toolUseId,
    timestamp: new Date(at(minute) + seconds * 1000).toISOString(),
    content,
    ...(isError === undefined ? {} : { isError }),
  })
}

/** Writes tel-1's transcript under `claudeDir`. */
export function writeTelTranscript(claudeDir: string, lines: readonly string[]): void {
  const project = join(claudeDir, 'projects', '-home-dev-tel')
  mkdirSync(project, { recursive: true })
  writeFileSync(join(project, 'tel-1.jsonl'), `${lines.join('\n')}\n`)
}
