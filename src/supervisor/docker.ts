// `run --docker`: the optional services in compose/ (ClickHouse) through `docker compose`. Docker is
// optional: without a reachable engine we say so and the embedded store carries on.

import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { execa } from 'execa'

const composeDir = resolve(import.meta.dir, '..', '..', 'compose')
const composeFiles = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml']

type DockerOutcome =
  | { kind: 'unavailable'; reason: string }
  | { kind: 'no-compose-file'; dir: string }
  | { kind: 'started'; file: string }
  | { kind: 'compose-failed'; file: string; reason: string }

export async function startDockerServices(): Promise<DockerOutcome> {
  const info = await execa('docker', ['info', '--format', '{{.ServerVersion}}'], {
    reject: false,
    timeout: 10_000,
    forceKillAfterDelay: 1000,
  })
  if (info.exitCode !== 0 || info.failed) return { kind: 'unavailable', reason: firstLine(info) }
  const file = composeFiles.map((f) => join(composeDir, f)).find((f) => existsSync(f))
  if (!file) return { kind: 'no-compose-file', dir: composeDir }
  const up = await execa('docker', ['compose', '-f', file, 'up', '-d', '--wait'], {
    reject: false,
    timeout: 180_000,
    forceKillAfterDelay: 5000,
  })
  if (up.exitCode !== 0 || up.failed) return { kind: 'compose-failed', file, reason: firstLine(up) }
  return { kind: 'started', file }
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
