import { describe, expect, it } from 'bun:test'
import {
  checkResult,
  createLineSplitter,
  decodeRequest,
  decodeServerMessage,
  encode,
  request,
} from './protocol.ts'

describe('decodeRequest', () => {
  it('accepts a valid request', () => {
    expect(decodeRequest('{"v":1,"id":"a","action":"shutdown","params":{"service":"dashboard"}}')).toEqual({
      ok: true,
      request: { v: 1, id: 'a', action: 'shutdown', params: { service: 'dashboard' } },
    })
  })

  it('defaults missing params to {}', () => {
    expect(decodeRequest('{"v":1,"id":"a","action":"ping"}')).toEqual({
      ok: true,
      request: { v: 1, id: 'a', action: 'ping', params: {} },
    })
  })

  it.each([
    ['not json', '', 'bad-request'],
    ['[1,2]', '', 'bad-request'],
    ['{"v":1,"action":"ping"}', '', 'bad-request'],
    ['{"v":2,"id":"b","action":"ping"}', 'b', 'unsupported-version'],
    ['{"v":1,"id":"c","action":"explode"}', 'c', 'unknown-action'],
    ['{"v":1,"id":"d","action":"restart-service","params":{}}', 'd', 'bad-request'],
    ['{"v":1,"id":"e","action":"logs","params":{"lines":-1}}', 'e', 'bad-request'],
  ])('rejects %s with its id and code', (line, id, code) => {
    expect(decodeRequest(line)).toMatchObject({ ok: false, id, code })
  })
})

describe('server messages', () => {
  it('round-trips a request through encode as one line', () => {
    const line = encode(request('x', 'status', {}))
    expect(line).toBe('{"v":1,"id":"x","action":"status","params":{}}\n')
  })

  it('decodes progress, result and error and rejects other shapes', () => {
    expect(
      decodeServerMessage(
        '{"v":1,"id":"x","type":"progress","data":{"service":"a","state":"s","message":"m"}}',
      ),
    ).toEqual({
      v: 1,
      id: 'x',
      type: 'progress',
      data: { service: 'a', state: 's', message: 'm' },
    })
    expect(
      decodeServerMessage('{"v":1,"id":"x","type":"error","error":{"code":"c","message":"m"}}')?.type,
    ).toBe('error')
    expect(decodeServerMessage('{"v":1,"id":"x","type":"other"}')).toBeUndefined()
  })

  it('checks a result against its action schema', () => {
    expect(checkResult('shutdown', { stopped: ['ingest'] })).toBe(true)
    expect(checkResult('shutdown', { stopped: 'ingest' })).toBe(false)
  })
})

describe('createLineSplitter', () => {
  it('joins chunks into lines, drops blank lines and keeps a partial line for later', () => {
    const lines: string[] = []
    const split = createLineSplitter((l) => lines.push(l))
    split('{"a":')
    split('1}\n\n{"b"')
    split(new TextEncoder().encode(':2}\r\n{"c"'))
    expect(lines).toEqual(['{"a":1}', '{"b":2}'])
  })

  it('reports and drops a line longer than the limit', () => {
    let overflows = 0
    const lines: string[] = []
    const split = createLineSplitter(
      (l) => lines.push(l),
      () => overflows++,
    )
    split('x'.repeat(1024 * 1024 + 1))
    split('ok\n')
    expect({ overflows, lines }).toEqual({ overflows: 1, lines: ['ok'] })
  })
})
