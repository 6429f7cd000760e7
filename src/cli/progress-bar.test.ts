import { expect, it } from 'bun:test'
import { formatBytes } from '../analytics/format-figures.ts'
import { progressBar, renderBar } from './progress-bar.ts'

function fakeStream(isTTY: boolean) {
  const writes: string[] = []
  const stream = { isTTY, write: (text: string) => writes.push(text) > 0 }
  return { stream: stream as unknown as NodeJS.WriteStream, writes }
}

it('draws on a terminal, building the label only when it redraws', () => {
  const { stream, writes } = fakeStream(true)
  const bar = progressBar(stream)
  let labels = 0
  const label = () => `label ${++labels}`
  bar.update(10, 100, label)
  bar.update(20, 100, label) // within 80 ms of the last redraw: skipped
  bar.update(100, 100, label) // done: always drawn
  bar.finish()
  expect(bar.active).toBe(true)
  expect(labels).toBe(2)
  expect(writes).toEqual([
    `\r${renderBar(10, 100, 'label 1')}\x1b[K`,
    `\r${renderBar(100, 100, 'label 2')}\x1b[K`,
    '\r\x1b[K',
  ])
})

it('draws nothing and builds no label in a pipe', () => {
  const { stream, writes } = fakeStream(false)
  const bar = progressBar(stream)
  bar.update(100, 100, () => {
    throw new Error('label built for a pipe')
  })
  bar.finish()
  expect([bar.active, writes]).toEqual([false, []])
})

it('renders the bar and sizes', () => {
  expect(renderBar(1, 4, 'x')).toBe(`${'█'.repeat(8)}${'░'.repeat(22)}  25% x`)
  expect([formatBytes(512), formatBytes(1536), formatBytes(3 * 1024 ** 3)]).toEqual([
    '512 B',
    '1.5 KB',
    '3.0 GB',
  ])
})
