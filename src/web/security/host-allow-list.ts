// DNS rebinding defence: a page on evil.example that resolves to 127.0.0.1 still sends
// `Host: evil.example`, so only loopback names (and the configured bind address) on our port pass.

const loopbackNames = ['localhost', '127.0.0.1', '[::1]'] as const

/** Host names accepted for a server bound to `bindHost`; a non-loopback bind address is added. */
export function allowedHostNames(bindHost: string): string[] {
  const names: string[] = [...loopbackNames]
  const bracketed = bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost
  const normalized = bracketed.toLowerCase()
  if (normalized !== '0.0.0.0' && normalized !== '[::]' && !names.includes(normalized)) names.push(normalized)
  return names
}

/** True when `host` (a Host header value) names one of `names` with exactly `port`. */
export function isAllowedHost(host: string | null, names: readonly string[], port: number): boolean {
  if (!host) return false
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(host.trim())
  if (!match) return false
  const name = (match[1] ?? '').toLowerCase()
  const hostPort = match[2] === undefined ? 80 : Number(match[2])
  return names.includes(name) && hostPort === port
}
