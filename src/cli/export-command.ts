import { defineCommand } from 'citty'
import type { ApiRequestRecord } from '../model/records.ts'
import { writeStdout } from '../runtime/write-stdout.ts'
import { openStore } from '../store/open-store.ts'
import { configArgs, configFrom } from './common-args.ts'
import { dateRange } from './parse-date-range.ts'

const columns = [
  'key',
  'messageId',
  'requestId',
  'sessionId',
  'project',
  'model',
  'timestamp',
  'inputTokens',
  'outputTokens',
  'cacheCreationTokens',
  'cacheCreation5mTokens',
  'cacheCreation1hTokens',
  'cacheReadTokens',
  'costUsd',
  'durationMs',
  'gitBranch',
  'version',
  'isSidechain',
  'agentId',
  'source',
] as const satisfies readonly (keyof ApiRequestRecord)[]

/** RFC 4180: quote fields holding a comma, quote or line break; double inner quotes. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return ''
  const text = String(value)
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function csvRow(r: ApiRequestRecord): string {
  return columns
    .map((c) => csvField(c === 'timestamp' ? new Date(r.timestamp).toISOString() : r[c]))
    .join(',')
}

/** The JSON record: as stored, with its time as an ISO 8601 string, the same as in the CSV. */
function jsonRecord(r: ApiRequestRecord): Omit<ApiRequestRecord, 'timestamp'> & { timestamp: string } {
  return { ...r, timestamp: new Date(r.timestamp).toISOString() }
}

const CHUNK = 64 * 1024

function chunkedStdout() {
  let buffer = ''
  return {
    async write(text: string): Promise<void> {
      buffer += text
      if (buffer.length >= CHUNK) await this.flush()
    },
    async flush(): Promise<void> {
      const text = buffer
      buffer = ''
      if (text) await writeStdout(text)
    },
  }
}

export const exportCommand = defineCommand({
  meta: { name: 'export', description: 'Write the stored API request records as JSON or CSV to stdout' },
  args: {
    ...configArgs,
    format: { type: 'enum', options: ['json', 'csv'], default: 'json', description: 'Output format' },
    since: {
      type: 'string',
      description: 'First day to include (YYYYMMDD or YYYY-MM-DD)',
      valueHint: 'DATE',
    },
    until: { type: 'string', description: 'Last day to include (YYYYMMDD or YYYY-MM-DD)', valueHint: 'DATE' },
    project: { type: 'string', description: 'Only this project' },
  },
  run: async ({ args }) => {
    const config = configFrom(args)
    const filter = {
      ...dateRange(args.since, args.until, config.timezone),
      ...(args.project ? { project: args.project } : {}),
    }
    const store = openStore(config)
    // Streamed in chunks: an export of millions of records never sits in memory as one string, and
    // a reader that leaves (`| head`) stops the export at the next chunk (write-stdout.ts).
    const out = chunkedStdout()
    try {
      let first = true
      if (args.format === 'csv') await out.write(`${columns.join(',')}\n`)
      else await out.write('[')
      for await (const r of store.exportApiRequests(filter)) {
        if (args.format === 'csv') await out.write(`${csvRow(r)}\n`)
        else await out.write(`${first ? '\n' : ',\n'}${JSON.stringify(jsonRecord(r))}`)
        first = false
      }
      await out.write(args.format === 'json' ? (first ? ']\n' : '\n]\n') : '')
      await out.flush()
    } finally {
      await store.close()
    }
  },
})
