import { afterAll, expect, it } from 'bun:test'
import { pickEnvPorts, pickPort, portFree } from './ports.ts'

const taken = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
afterAll(() => taken.stop(true))

it('keeps a free preferred port and moves a taken one to the next free', () => {
  const moved = pickPort('127.0.0.1', taken.port)
  expect(moved.moved).toBe(true)
  expect(moved.port).toBeGreaterThan(taken.port)
  expect(portFree('127.0.0.1', moved.port)).toBe(true)
  expect(pickPort('127.0.0.1', moved.port)).toEqual({ port: moved.port, moved: false })
  expect(pickPort('127.0.0.1', 0)).toEqual({ port: 0, moved: false })
})

it('skips ports already chosen for the same process, which are free only until it binds them', () => {
  const first = pickPort('127.0.0.1', taken.port)
  const second = pickPort('127.0.0.1', taken.port, new Set([first.port]))
  expect(second.moved).toBe(true)
  expect(second.port).toBeGreaterThan(first.port)
})

it('picks the ports a service takes in its environment beside its main port, saying which moved', () => {
  const main = pickPort('127.0.0.1', taken.port).port
  const picked = pickEnvPorts('127.0.0.1', { GRPC_PORT: taken.port, OTHER_PORT: 0 }, main)
  const grpc = Number(picked.env.GRPC_PORT)
  expect(grpc).not.toBe(main)
  expect(grpc).toBeGreaterThan(taken.port)
  expect(picked.env.OTHER_PORT).toBe('0')
  expect(picked.moved).toEqual([{ name: 'GRPC_PORT', preferred: taken.port, port: grpc }])
  expect(pickEnvPorts('127.0.0.1', {}, main)).toEqual({ env: {}, moved: [] })
})
