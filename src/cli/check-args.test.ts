import { expect, it } from 'bun:test'
import type { ArgsDef } from 'citty'
import { checkArgs } from './check-args.ts'

const args = {
  project: { type: 'string', description: 'Only this project' },
  json: { type: 'boolean', description: 'JSON' },
  order: { type: 'enum', options: ['asc', 'desc'], description: 'Order' },
} satisfies ArgsDef

it('refuses a flag that takes a value when none follows, instead of running unfiltered', () => {
  expect(() => checkArgs(['--project'], args, 'report')).toThrow(
    'Expected `--project` to have a value, got none',
  )
  expect(() => checkArgs(['--project', '--json'], args, 'report')).toThrow(
    'Expected `--project` to have a value, got `--json`',
  )
  expect(() => checkArgs(['--order'], args, 'report')).toThrow('Expected `--order` to have a value')
})

it('accepts values given either way, and flags that take none', () => {
  expect(() => checkArgs(['--project', 'alpha', '--json'], args, 'report')).not.toThrow()
  expect(() => checkArgs(['--project=-odd', '--order=desc'], args, 'report')).not.toThrow()
  expect(() => checkArgs(['--json'], args, 'report')).not.toThrow()
})
