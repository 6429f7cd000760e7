import { expect, test } from 'bun:test'
import { defaultQueryLimits } from '../../src/model/explorer-results.ts'
import { ExplorerPage } from './explorer-page.tsx'

test('long text values wrap in a bounded column; short ones, numbers and headers keep their width', async () => {
  const long = 'word '.repeat(40)
  const html = String(
    await ExplorerPage({
      sql: 'SELECT 1',
      dialect: 'SQLite',
      schema: [],
      outcome: {
        ok: true,
        result: { columns: ['id', 'prompt', 'n'], rows: [['abc', long, 3]], truncated: false, durationMs: 1 },
      },
      limits: defaultQueryLimits,
      nav: [],
    }),
  )
  expect(html).toContain('class="data query-results"')
  expect(html).toContain('<td>abc</td>')
  expect(html).toContain(`<td class="long">${long}</td>`)
  expect(html).toContain('<td class="num">3</td>')
  expect(html).toContain('Download CSV')
})
