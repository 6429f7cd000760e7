// `run --docker`: the optional services in compose/ (ClickHouse) through `docker compose`. Docker is
// optional: without a reachable engine we say so and the embedded store carries on.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { execa } from 'execa'
import composeFile from '../../compose/docker-compose.yml' with { type: 'file' }
import { isCompiled } from '../runtime/entry-points.ts'

type DockerOutcome =
  | { kind: 'unavailable'; reason: string }
  | { kind: 'started'; file: string }
  | { kind: 'compose-failed'; file: string; reason: string }

export async function startDockerServices(dataDir: string): Promise<DockerOutcome> {
  const info = await execa('docker', ['info', '--format', '{{.ServerVersion}}'], {
    reject: false,
    timeout: 10_000,
    forceKillAfterDelay: 1000,
  })
  if (info.exitCode !== 0 || info.failed) return { kind: 'unavailable', reason: firstLine(info) }
  const file = composeFileOnDisk(dataDir)
  const up = await execa('docker', ['compose', '-f', file, 'up', '-d', '--wait'], {
    reject: false,
    timeout: 180_000,
    forceKillAfterDelay: 5000,
  })
  if (up.exitCode !== 0 || up.failed) return { kind: 'compose-failed', file, reason: firstLine(up) }
  return { kind: 'started', file }
}

/**
 * A compose file docker can read: compose/docker-compose.yml from source. The built executable
 * carries it inside, where docker cannot see it, so it is written out beside the data, in a folder
 * also named `compose` so that the compose project keeps its name (and its volume).
 */
export function composeFileOnDisk(dataDir: string, compiled: boolean = isCompiled): string {
  // Bun's YAML typing describes a parsed import; `type: 'file'` gives the path.
  const embedded = String(composeFile)
  if (!compiled) return embedded
  const file = join(dataDir, 'compose', 'docker-compose.yml')
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, readFileSync(embedded))
  return file
}

function firstLine(r: {
  stderr: unknown
  stdout: unknown
  timedOut: boolean
  code?: string | undefined
}): string {
  if (r.timedOut) return 'timed out'
  if (r.code === 'ENOENT') return 'the docker command is not installed'
  const text = [r.stderr, r.stdout].find((t): t is string => typeof t === 'string' && t.trim() !== '')
  return text?.trim().split('\n')[0] ?? r.code ?? 'unknown error'
}
