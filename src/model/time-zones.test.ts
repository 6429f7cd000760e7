import { describe, expect, it } from 'bun:test'
import { isKnownTimeZone } from './time-zones.ts'

describe('isKnownTimeZone', () => {
  it('knows IANA zones and the names of UTC', () => {
    for (const zone of ['Europe/Berlin', 'America/Los_Angeles', 'UTC', 'Etc/GMT0', 'Zulu']) {
      expect(isKnownTimeZone(zone)).toBe(true)
    }
  })

  it('refuses anything else', () => {
    for (const zone of ['Mars/Olympus', '', "'; DROP TABLE x; --", 'Europe/Berlin<script>']) {
      expect(isKnownTimeZone(zone)).toBe(false)
    }
  })
})
