// Claude Code's "limit reached" notices imported into the embedded store (see limit-notice-suite.ts).

import { limitNoticeSuite } from '../helpers/limit-notice-suite.ts'

limitNoticeSuite('sqlite')
