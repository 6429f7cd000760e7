// Loaded before every test file (bunfig.toml). Integration tests start real processes (Claude Code,
// services, a browser) and need more than Bun's 5 s default, especially on a loaded 2-core machine.
import { setDefaultTimeout } from 'bun:test'

setDefaultTimeout(60_000)
