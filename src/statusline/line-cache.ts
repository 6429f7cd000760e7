// What the last full statusline run found, kept per session, so that a run in which nothing those figures
// depend on has changed prints from it: no config.toml parse, no time-zone data, no store, no transcript
// parse. A full run costs about ten bare Bun starts, most of it loading modules and ICU's zone data;
// Claude Code runs the command after every message and on a timer. The figures stay exact: the cache
// holds only while the store's files, the session's transcripts and the settings are as they were
// (or for `--refresh-interval` at most when the store moved), and never past the end of the local day or
// of the 5-hour block. This module loads nothing else: the cheap path must stay cheap.

import type { ClickHouseTarget } from '../config/clickhouse-url.ts'
import type { BlockFigures, CleaningFigures } from './render-statusline.ts'
import type { LimitReading } from './statusline-input.ts'

const CACHE_VERSION = 3
/** A validity with no end: finite, as JSON has no Infinity. */
export const FOREVER = Number.MAX_SAFE_INTEGER
/** A reading seen again is recorded again (its last sighting moved) at most this often. */
export const READING_REFRESH_MS = 60_000

/** The figures a full run adds to what stdin gives. */
export interface CachedFigures {
  sessionCostOurs: number | null
  todayCost: number | null
  block: BlockFigures | null
  /** Context tokens of the transcript's latest request and the window they are a share of. */
  sessionContext: { tokens: number; window: number } | null
  /** What `context clean` would save, when it pays. */
  cleaning: CleaningFigures | null
}

export interface LineCache {
  version: typeof CACHE_VERSION
  /** Identities of the settings, the store's files and the transcripts the figures were read from. */
  keys: CacheKeys
  /** Epoch ms of the full run. */
  computedAt: number
  /** The figures are not used from then on (end of the local day, end of the block). */
  validUntil: number
  figures: CachedFigures
  /** Reading keys (see readingKey) to when each was last recorded. */
  recorded: Record<string, number>
  /** The store as the full run found it: a database path, or `clickhouse`. */
  storePath: string
  /** The session's transcript files the figures cover. */
  files: string[]
  /**
   * The settings the full run read (none for ClickHouse: its password stays out of this file) and the
   * local day it found: a later full run under the same settings key reads neither config.toml nor,
   * within that day, ICU's zone data (about 15 ms when TZ is not UTC).
   */
  config: StatusConfig | null
  day: { start: number; end: number } | null
}

/** What the statusline needs of the config. */
export interface StatusConfig {
  home: string
  runDir: string
  databasePath: string
  timezone: string
  /** Set when the store is ClickHouse (then never cached). */
  clickhouse: ClickHouseTarget | null
}

export interface CacheKeys {
  settings: string
  store: string
  transcripts: string
}

export const readingKey = (r: LimitReading, sessionId: string | null): string =>
  `${r.window}|${r.resetsAt ?? 0}|${r.usedPercentage}|${sessionId ?? ''}`

/**
 * Pure: whether a cached run answers for this one. A moved store is tolerated for `refreshMs`; a
 * reading not recorded within READING_REFRESH_MS needs a full run to record it.
 */
export function cacheHolds(
  cache: LineCache,
  keys: CacheKeys,
  readings: readonly LimitReading[],
  sessionId: string | null,
  now: number,
  refreshMs: number,
): boolean {
  if (refreshMs <= 0 || now >= cache.validUntil || now < cache.computedAt) return false
  if (cache.keys.settings !== keys.settings || cache.keys.transcripts !== keys.transcripts) return false
  if (cache.keys.store !== keys.store && now - cache.computedAt >= refreshMs) return false
  return readings.every((r) => {
    const at = cache.recorded[readingKey(r, sessionId)]
    return at !== undefined && now - at < READING_REFRESH_MS
  })
}

export function isLineCache(value: unknown): value is LineCache {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Partial<LineCache>
  return (
    v.version === CACHE_VERSION &&
    typeof v.computedAt === 'number' &&
    typeof v.validUntil === 'number' &&
    typeof v.storePath === 'string' &&
    Array.isArray(v.files) &&
    typeof v.keys === 'object' &&
    v.keys !== null &&
    typeof v.figures === 'object' &&
    v.figures !== null &&
    typeof v.recorded === 'object' &&
    v.recorded !== null
  )
}

export function newLineCache(fields: Omit<LineCache, 'version'>): LineCache {
  return { version: CACHE_VERSION, ...fields }
}

/** The home directory without node:path (a few ms): only an absolute one; null sends the run the full way. */
export function homeDir(env: Record<string, string | undefined>): string | null {
  const home = env.CONTEXT_CLEANER_HOME || (env.HOME ? `${env.HOME}/.context-cleaner` : '')
  return home.startsWith('/') ? home.replace(/\/+$/, '') : null
}

/** Where one session's statusline files live (the transcript tail's state and this cache). */
export function sessionStateBase(runDir: string, sessionId: string | null, transcriptPath: string): string {
  const id = (sessionId ?? transcriptPath).replace(/[^A-Za-z0-9_-]/g, '_').slice(-120)
  return `${runDir}/statusline/${id}`
}

/** The "context clean would save" scan's files beside the session's other statusline files. */
export const savingsPaths = (base: string) => ({
  state: `${base}.scan.json`,
  result: `${base}.savings.json`,
  lock: `${base}.scan.lock`,
})

/** Size and modification time of a file or directory, `-` when it is not there. */
async function identity(path: string): Promise<string> {
  try {
    const s = await Bun.file(path).stat()
    return `${s.size}:${s.mtimeMs}:${s.ino}`
  } catch {
    return '-'
  }
}

/** The settings the figures depend on: flags, environment, and config.toml's identity. */
export async function settingsKey(
  home: string,
  flags: { timezone?: string | undefined; store?: string | undefined },
  env: Record<string, string | undefined>,
): Promise<string> {
  return JSON.stringify([
    flags.timezone ?? '',
    flags.store ?? '',
    env.TZ ?? '',
    env.CONTEXT_CLEANER_TIMEZONE ?? '',
    env.CONTEXT_CLEANER_STORE ?? '',
    await identity(`${home}/config.toml`),
  ])
}

/** The database and its write-ahead log: any write, by anyone, changes one of them. */
export async function storeKey(storePath: string): Promise<string> {
  if (storePath === 'clickhouse') return storePath
  return `${await identity(storePath)} ${await identity(`${storePath}-wal`)}`
}

/** The transcript files and the sub-agents directory (a new sub-agent file changes its time). */
export async function transcriptsKey(files: readonly string[], subagentsDir: string): Promise<string> {
  const ids = await Promise.all([...files, subagentsDir].map(identity))
  return ids.join(' ')
}

export async function readLineCache(path: string): Promise<LineCache | null> {
  try {
    const value: unknown = await Bun.file(path).json()
    return isLineCache(value) ? value : null
  } catch {
    return null
  }
}
