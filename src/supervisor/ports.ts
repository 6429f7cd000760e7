// Choosing a port for a service: the configured one when free, else the next free one (and the
// caller says so). Our own stale processes are cleaned up before this runs, so a taken port here
// belongs to another program.

const maxTries = 50

export function portFree(host: string, port: number): boolean {
  try {
    const probe = Bun.listen({ hostname: host, port, socket: { data() {} } })
    probe.stop(true)
    return true
  } catch (error) {
    // EACCES: a privileged port we may not bind is as unusable as a taken one.
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE' || code === 'EACCES') return false
    throw error
  }
}

interface PortChoice {
  port: number
  /** The preferred port was taken and this is the next free one. */
  moved: boolean
}

/**
 * 0 means "let the service choose" and is passed through. `chosen`: ports already picked for the same
 * process, free only until it binds them.
 */
export function pickPort(
  host: string,
  preferred: number,
  chosen: ReadonlySet<number> = new Set(),
): PortChoice {
  if (preferred === 0) return { port: 0, moved: false }
  for (let port = preferred; port < Math.min(65536, preferred + maxTries); port++) {
    if (!chosen.has(port) && portFree(host, port)) return { port, moved: port !== preferred }
  }
  // Nothing free nearby: let the service fail on the preferred port with its own clear error.
  return { port: preferred, moved: false }
}

interface EnvPorts {
  /** Each variable with the port chosen for it. */
  env: Record<string, string>
  /** The variables whose preferred port was taken. */
  moved: { name: string; preferred: number; port: number }[]
}

/** Ports a service takes in environment variables, each picked beside its main port and one another. */
export function pickEnvPorts(host: string, preferred: Record<string, number>, mainPort: number): EnvPorts {
  const chosen = new Set([mainPort])
  const result: EnvPorts = { env: {}, moved: [] }
  for (const [name, port] of Object.entries(preferred)) {
    const choice = pickPort(host, port, chosen)
    chosen.add(choice.port)
    result.env[name] = String(choice.port)
    if (choice.moved) result.moved.push({ name, preferred: port, port: choice.port })
  }
  return result
}

/** Where health checks go: a wildcard bind is reachable on loopback. */
export function probeHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1'
  if (host === '::' || host === '[::]') return '::1'
  return host
}
