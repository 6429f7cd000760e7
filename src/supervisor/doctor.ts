// Gathers the facts `doctor` judges (doctor-checks.ts): versions, directories, Claude Code's settings,
// ports, the store and the disk. It never starts or changes anything (the write test leaves no file).

import { Database } from 'bun:sqlite'
import { existsSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import packageJson from '../../package.json' with { type: 'json' }
import type { Config } from '../config/load-config.ts'
import { isLoopbackHost } from '../otlp/collector-auth.ts'
import { accessTokenPath, readAccessToken } from './access-tokens.ts'
import {
  type Check,
  type ClaudeSettings,
  checkBunVersion,
  checkCollectorAccess,
  checkDashboardAccess,
  checkDiskSpace,
  checkPort,
  checkTelemetry,
  type PortHolder,
} from './doctor-checks.ts'
import { supervisorPaths } from './paths.ts'
import { portFree } from './ports.ts'
import { currentStatus } from './query-status.ts'
import { errorMessage } from './supervisor-error.ts'

export async function runDoctor(config: Config): Promise<Check[]> {
  const status = await currentStatus(supervisorPaths(config))
  const portOf = (name: string) =>
    status.answering
      ? status.processes.find((p) => p.name === name && p.state === 'running')?.port
      : undefined
  const holder = (name: string, port: number): PortHolder =>
    portOf(name) === port ? 'ours' : portFree(config.host, port) ? 'free' : 'other'
  const supervisor = status.processes[0]
  return [
    checkBunVersion(Bun.version, packageJson.engines.bun),
    dataDirCheck(config.dataDir),
    claudeDirsCheck(config.claudeDirs),
    // Against the port the collector really has: `run` moves it when the configured one is taken.
    checkTelemetry(config.claudeDirs.map(readClaudeSettings), portOf('collector') ?? config.collectorPort, {
      token: collectorToken(config),
      grpcPort: config.collectorGrpcPort,
    }),
    checkCollectorAccess(
      config.host,
      config.collectorToken !== null,
      accessTokenPath(config.runDir, 'collector'),
    ),
    checkDashboardAccess(config.host, {
      path: accessTokenPath(config.runDir, 'dashboard'),
      mode: fileMode(accessTokenPath(config.runDir, 'dashboard')),
    }),
    checkPort('dashboard', '--port', config.dashboardPort, holder('dashboard', config.dashboardPort)),
    checkPort(
      'collector',
      '--collector-port',
      config.collectorPort,
      holder('collector', config.collectorPort),
    ),
    storeCheck(config.databasePath),
    checkDiskSpace(config.home, freeBytes(config.home)),
    status.answering
      ? { name: 'supervisor', level: 'ok', detail: `running (pid ${supervisor?.pid})`, fix: null }
      : {
          name: 'supervisor',
          level: 'warn',
          detail: `not running (${supervisor?.state ?? 'stopped'})`,
          fix: 'Start it with `context-cleaner run`',
        },
  ]
}

/** The token the collector wants: the configured one, or the one it made when bound beyond loopback. */
function collectorToken(config: Config): string | null {
  if (config.collectorToken !== null) return config.collectorToken.reveal()
  return isLoopbackHost(config.host) ? null : readAccessToken(config.runDir, 'collector')
}

function fileMode(path: string): number | null {
  try {
    return statSync(path).mode
  } catch {
    return null
  }
}

function dataDirCheck(dir: string): Check {
  const existing = nearestExisting(dir)
  try {
    // A real write: access(2) says yes to root even where a write fails.
    const probe = join(existing, `.doctor-${process.pid}`)
    writeFileSync(probe, '')
    rmSync(probe)
  } catch (error) {
    return {
      name: 'data directory',
      level: 'fail',
      detail: `${existing} is not writable (${errorMessage(error)})`,
      fix: 'Make it writable, or set CONTEXT_CLEANER_HOME to a writable directory',
    }
  }
  const detail = existing === dir ? `${dir} is writable` : `${dir} will be created (in ${existing})`
  return { name: 'data directory', level: 'ok', detail, fix: null }
}

function claudeDirsCheck(dirs: string[]): Check {
  const found = dirs.filter((d) => existsSync(join(d, 'projects')))
  if (found.length === 0) {
    return {
      name: 'claude directories',
      level: 'warn',
      detail: `no Claude Code transcripts in ${dirs.join(', ')}`,
      fix: 'Use Claude Code once, or set CLAUDE_CONFIG_DIR (or --claude-dir) to where it keeps its data',
    }
  }
  const files = found.reduce((n, d) => n + countTranscripts(join(d, 'projects')), 0)
  return {
    name: 'claude directories',
    level: 'ok',
    detail: `${files} transcripts in ${found.join(', ')}`,
    fix: null,
  }
}

function countTranscripts(root: string): number {
  let n = 0
  for (const _ of new Bun.Glob('**/*.jsonl').scanSync({ cwd: root, onlyFiles: true })) n++
  return n
}

export function readClaudeSettings(dir: string): ClaudeSettings {
  const path = join(dir, 'settings.json')
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'))
    const env = typeof value === 'object' && value !== null && 'env' in value ? value.env : null
    return { path, env: typeof env === 'object' && env !== null ? { ...env } : null }
  } catch {
    return { path, env: null }
  }
}

function storeCheck(path: string): Check {
  if (!existsSync(path)) {
    return {
      name: 'store',
      level: 'ok',
      detail: `${path} not created yet (the first import creates it)`,
      fix: null,
    }
  }
  try {
    const db = new Database(path, { readonly: true })
    try {
      db.exec('PRAGMA busy_timeout = 2000')
      const version = db.query<{ user_version: number }, []>('PRAGMA user_version').get()?.user_version
      db.query('SELECT count(*) FROM sqlite_master').get()
      return { name: 'store', level: 'ok', detail: `${path} opens (schema version ${version})`, fix: null }
    } finally {
      db.close()
    }
  } catch (error) {
    return {
      name: 'store',
      level: 'fail',
      detail: `cannot open ${path}: ${errorMessage(error)}`,
      fix: 'Check its permissions; if it is corrupt, move it aside and run `context-cleaner import`',
    }
  }
}

function freeBytes(path: string): number {
  const stat = statfsSync(nearestExisting(path))
  return stat.bavail * stat.bsize
}

function nearestExisting(path: string): string {
  let p = path
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p)
  return existsSync(p) && statSync(p).isDirectory() ? p : dirname(p)
}
