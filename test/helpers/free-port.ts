// A loopback port nobody listens on at this moment (the OS picks it; a race with another process
// taking it before the test does is possible but rare).

export function freePort(): number {
  const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
  const port = probe.port
  probe.stop(true)
  return port
}
