// The dashboard with nothing in it says how data gets in, and every card keeps its title.

import { afterAll, beforeAll, expect, test } from 'bun:test'
import { createTestDashboard, get, seedSample, type TestDashboard } from '../helpers/dashboard.ts'

let empty: TestDashboard
let seeded: TestDashboard

beforeAll(async () => {
  empty = createTestDashboard()
  seeded = createTestDashboard()
  await seedSample(seeded.store)
})

afterAll(async () => {
  await empty.close()
  await seeded.close()
})

test('an empty store: the Overview explains how to get data in, and its tables keep their titles', async () => {
  const html = await (await get(empty.app, '/')).text()
  expect(html).toContain('<section class="card empty-state" id="getting-started">')
  expect(html).toContain('<code>context-cleaner import</code>')
  expect(html).toContain('<code>context-cleaner setup claude</code>')
  expect(html).toContain('<caption>Cost by model</caption>')
  expect(html).toContain('<caption>Cost by project</caption>')
})

test('a store with data but none in range: no getting-started card, titled empty tables', async () => {
  const html = await (await get(seeded.app, '/?range=custom&from=2020-01-01&to=2020-01-02')).text()
  expect(html).not.toContain('id="getting-started"')
  expect(html).toContain('<caption>Cost by model</caption>')
  expect(html).toContain('No usage in this range.')
})
