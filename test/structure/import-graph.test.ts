// The layering rules of ARCHITECTURE.md as a test, read from the source's own import statements
// (static, type-only and dynamic `import('…')` alike: a type-only loop is still a loop for the reader).
// Tests are left out: they may reach across layers to check them.

import { describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { Glob } from 'bun'

const root = resolve(import.meta.dir, '..', '..')

/** Every relative module specifier in a file, whatever form the import takes. */
export function importedSpecifiers(text: string): string[] {
  const found: string[] = []
  const forms = [
    /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g,
    /\bimport\s*['"](\.{1,2}\/[^'"]+)['"]/g,
    /\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
  ]
  for (const form of forms) for (const match of text.matchAll(form)) if (match[1]) found.push(match[1])
  return found
}

function sourceFiles(): string[] {
  const files: string[] = []
  for (const pattern of ['src/**/*.{ts,tsx}', 'views/**/*.{ts,tsx}']) {
    for (const path of new Glob(pattern).scanSync({ cwd: root })) {
      if (/\.test\.tsx?$/.test(path) || path.endsWith('.d.ts')) continue
      files.push(path)
    }
  }
  return files.sort()
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of sourceFiles()) {
    const text = readFileSync(join(root, file), 'utf8')
    const targets = importedSpecifiers(text)
      .filter((spec) => /\.tsx?$/.test(spec))
      .map((spec) => relative(root, resolve(root, dirname(file), spec)))
    graph.set(file, [...new Set(targets)])
  }
  return graph
}

/** One loop per strongly connected group (Tarjan), each as the files in it. */
export function loops(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const groups: string[][] = []
  let next = 0
  const visit = (node: string): void => {
    index.set(node, next)
    low.set(node, next)
    next++
    stack.push(node)
    onStack.add(node)
    for (const to of graph.get(node) ?? []) {
      if (!graph.has(to)) continue
      if (!index.has(to)) {
        visit(to)
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0))
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0))
      }
    }
    if (low.get(node) !== index.get(node)) return
    const group: string[] = []
    for (;;) {
      const member = stack.pop()
      if (member === undefined) break
      onStack.delete(member)
      group.push(member)
      if (member === node) break
    }
    const self = graph.get(node)?.includes(node) ?? false
    if (group.length > 1 || self) groups.push(group.sort())
  }
  for (const node of graph.keys()) if (!index.has(node)) visit(node)
  return groups
}

describe('the checks themselves', () => {
  test('every form of import is read', () => {
    const text = [
      "import { a } from './a.ts'",
      "import type { B } from '../b.ts'",
      "import './c.ts'",
      "export { d } from './d.ts'",
      "const e = await import('./e.ts')",
      "import { f } from 'elysia'",
    ].join('\n')
    expect(importedSpecifiers(text)).toEqual(['./a.ts', '../b.ts', './d.ts', './c.ts', './e.ts'])
  })

  test('a loop is found, through type-only and dynamic imports too', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ])
    expect(loops(graph)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['e.ts']])
  })
})

describe('layers', () => {
  const graph = importGraph()
  const edges = [...graph].flatMap(([from, tos]) => tos.map((to) => `${from} -> ${to}`))

  test('the scan sees the tree', () => {
    expect(graph.size).toBeGreaterThan(200)
    expect(edges.length).toBeGreaterThan(500)
  })

  test('no file-level import loop', () => {
    expect(loops(graph)).toEqual([])
  })

  test('views import only model and analytics types and their own contract, never src/web', () => {
    const outside = edges.filter(
      (e) => /^views\//.test(e) && !/ -> (views|src\/model|src\/analytics)\//.test(e),
    )
    expect(outside).toEqual([])
  })

  test('ClickHouse code never imports the SQLite store', () => {
    expect(edges.filter((e) => /^src\/store\/clickhouse\/.* -> src\/store\/sqlite\//.test(e))).toEqual([])
  })

  // ARCHITECTURE.md: cli and web -> sessions/supervisor -> analytics -> store -> model/config.
  test('dependencies point down the layers', () => {
    const rank: Record<string, number> = {
      model: 0,
      config: 0,
      store: 1,
      analytics: 2,
      sessions: 3,
      supervisor: 3,
      cli: 4,
      web: 4,
    }
    const layerOf = (file: string) => rank[/^src\/([^/]+)\//.exec(file)?.[1] ?? '']
    const upward = [...graph].flatMap(([from, tos]) =>
      tos
        .filter((to) => (layerOf(to) ?? -1) > (layerOf(from) ?? Number.POSITIVE_INFINITY))
        .map((to) => `${from} -> ${to}`),
    )
    expect(upward).toEqual([])
  })
})

describe('start-up', () => {
  /** Modules a file loads when it loads: static imports that are not `import type`, relative or not. */
  const loadedSpecifiers = (text: string) =>
    [
      ...text.matchAll(/^(?:import|export)\s+(?!type\b)[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm),
      ...text.matchAll(/^import\s*['"]([^'"]+)['"]/gm),
    ].map((m) => m[1] ?? '')

  test("the statusline's cached path does not load node:fs (its module alone costs a cached line about 5 ms)", () => {
    const seen = new Set<string>()
    const external = new Set<string>()
    const queue = ['src/statusline/statusline-main.ts']
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      if (seen.has(file)) continue
      seen.add(file)
      for (const spec of loadedSpecifiers(readFileSync(join(root, file), 'utf8'))) {
        if (spec.startsWith('.')) queue.push(relative(root, resolve(root, dirname(file), spec)))
        else external.add(spec)
      }
    }
    expect(seen.size).toBeGreaterThan(3)
    expect([...external].filter((m) => m === 'node:fs' || m === 'fs' || m === 'node:fs/promises')).toEqual([])
  })
})
