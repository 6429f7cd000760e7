/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import { describe, expect, it } from 'bun:test'
import { BarChart } from './bar-chart.tsx'
import { niceMax } from './chart-scale.ts'
import { LineChart } from './line-chart.tsx'
import { StackedBarChart } from './stacked-bar-chart.tsx'

const fmt = (n: number) => `$${n}`

describe('niceMax', () => {
  it.each([
    [0, 1],
    [0.3, 0.5],
    [7, 10],
    [12, 20],
    [480, 500],
    [1000, 1000],
  ])('%d → %d', (v, m) => {
    expect(niceMax(v)).toBe(m)
  })
})

describe('BarChart', () => {
  it('draws one bar per value, scaled to a nice maximum, with escaped tooltips', async () => {
    const svg = await BarChart({
      label: 'Cost per day',
      formatY: fmt,
      bars: [
        { key: 'd1', value: 5, title: '<script>alert(1)</script>' },
        { key: 'd2', value: 10, title: 'ten' },
      ],
    })
    expect(svg.match(/<rect class="bar"/g)?.length).toBe(2)
    expect(svg).toContain('height="100"')
    expect(svg).toContain('height="200"')
    expect(svg).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>')
    expect(svg).not.toContain('<script>')
    expect(svg).toContain('aria-label="Cost per day"')
  })

  it('says so when there is nothing to draw', async () => {
    expect(await BarChart({ label: 'x', formatY: fmt, bars: [] })).toBe(
      '<p class="empty">No data in this range.</p>',
    )
  })
})

describe('LineChart', () => {
  it('draws a polyline per series and a legend when there are several', async () => {
    const svg = await LineChart({
      label: 'Context',
      formatY: fmt,
      formatX: (x) => `t${x}`,
      series: [
        {
          name: 'main',
          points: [
            { x: 0, y: 0 },
            { x: 10, y: 100 },
          ],
        },
        { name: '"><img src=x onerror=alert(1)>', points: [{ x: 5, y: 50 }] },
      ],
    })
    expect(svg.match(/<polyline/g)?.length).toBe(2)
    expect(svg).toContain('points="64,212 988,12"')
    expect(svg).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;')
    expect(svg).not.toContain('<img')
    expect(svg).toContain('class="legend"')
  })
})

describe('StackedBarChart', () => {
  it('stacks the series of each bar bottom up', async () => {
    const svg = await StackedBarChart({
      label: 'Tokens',
      formatY: fmt,
      series: ['a', 'b'],
      stacks: [{ key: '#1', values: [50, 50], title: 'one' }],
    })
    expect(svg).toContain('class="bar series-0" x="156.4" y="112" width="739.2" height="100"')
    expect(svg).toContain('class="bar series-1" x="156.4" y="12" width="739.2" height="100"')
  })
})
