// Starts a real service as a user (or the supervisor) would: `context-cleaner serve <service> --port 0
// [args]`, reading the port from its ready line; stops it with SIGTERM.

import { join } from 'node:path'
import { parseReadyLine } from '../../src/services/service.ts'
import type { ServiceName } from '../../src/services/service-names.ts'
import { repoRoot } from './cli.ts'

export interface ServiceProcess {
  url: string
  port: number
  pid: number
  stop(): Promise<number>
}

export type CollectorProcess = ServiceProcess

export function startCollectorProcess(
  env: Record<string, string>,
  args: string[] = [],
): Promise<ServiceProcess> {
  return startServiceProcess('collector', env, args)
}

export async function startServiceProcess(
  service: ServiceName,
  env: Record<string, string>,
  args: string[] = [],
): Promise<ServiceProcess> {
  const proc = Bun.spawn(
    ['bun', join(repoRoot, 'src', 'cli', 'main.ts'), 'serve', service, '--port', '0', ...args],
    {
      env,
      stdin: 'ignore',
      stdout: 'pipe',
      stderr: 'inherit',
    },
  )
  const reader = proc.stdout.getReader()
  let text = ''
  while (!text.includes('\n')) {
    const { done, value } = await reader.read()
    if (done) break
    text += new TextDecoder().decode(value)
  }
  // Keep draining stdout so the service never blocks on a full pipe.
  void (async () => {
    while (!(await reader.read()).done) {}
  })()
  const ready = parseReadyLine(text.split('\n')[0] ?? '')
  if (!ready) {
    proc.kill('SIGKILL')
    throw new Error(`${service} did not print a ready line: ${text}`)
  }
  return {
    url: `http://127.0.0.1:${ready.port}`,
    port: ready.port,
    pid: proc.pid,
    async stop() {
      proc.kill('SIGTERM')
      return await proc.exited
    },
  }
}
