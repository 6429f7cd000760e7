import { expect, test } from 'bun:test'
import { checkFormatVersion } from './format-version.ts'

test.each([[null], ['1.0.128'], ['2.1.331'], ['2.0.0-beta.1']])('%p is a known format', (version) => {
  expect(checkFormatVersion(version)).toEqual({ known: true })
})

test.each([
  [
    '3.0.0',
    'it was written by Claude Code 3.0.0, a format newer than this cleaner knows (up to 2.x); update Context Cleaner',
  ],
  ['banana', 'its records name Claude Code version `banana`, which is not a version number'],
])('%p is refused: %s', (version, reason) => {
  expect(checkFormatVersion(version)).toEqual({ known: false, reason })
})
