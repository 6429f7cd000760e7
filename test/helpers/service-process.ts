// Starts a real service as a user (or the supervisor) would: `context-cleaner serve <service> --port
// <port> [args]`, resolved once its ready line is printed; stops it with SIGTERM.

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
  return startServiceProcess('collector', env, { args })
}

export interface ServiceStart {
  /** More `serve` arguments (`--token`, `--grpc-port`). */
  args?: string[]
  /** @default 0: a free port; name one to restart a service on the same address. */
  port?: number
}

export async function startServiceProcess(
  service: ServiceName,
  env: Record<string, string>,
  { args = [], port = 0 }: ServiceStart = {},
): Promise<ServiceProcess> {
  const proc = Bun.spawn(
    [
      process.execPath,
      join(repoRoot, 'src', 'cli', 'main.ts'),
      'serve',
      service,
      '--port',
      String(port),
      ...args,
    ],
    { env, stdin: 'ignore', stdout: 'pipe', stderr: 'inherit' },
  )
  const reader = proc.stdout.getReader()
  const decoder = new TextDecoder()
  let text = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done)
      throw new Error(`serve ${service} exited before it was ready (exit ${await proc.exited}): ${text}`)
    text += decoder.decode(value, { stream: true })
    const ready = text
      .split('\n')
      .map(parseReadyLine)
      .find((r) => r !== undefined)
    if (!ready) continue
    // Keep draining stdout so the service never blocks on a full pipe.
    void (async () => {
      while (!(await reader.read()).done) {}
    })()
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
}
