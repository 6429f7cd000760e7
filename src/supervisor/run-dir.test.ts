import { expect, it } from 'bun:test'
import { socketProblem } from './run-dir.ts'

it.each([
  [{ isSocket: true, uid: 501, mode: 0o140600 }, null],
  [{ isSocket: true, uid: 501, mode: 0o140700 }, null],
  [{ isSocket: false, uid: 501, mode: 0o100600 }, 'is not a socket'],
  [{ isSocket: true, uid: 0, mode: 0o140600 }, 'is owned by uid 0, not by you (uid 501)'],
  [{ isSocket: true, uid: 501, mode: 0o140660 }, 'has mode 660; expected 600'],
  [{ isSocket: true, uid: 501, mode: 0o140606 }, 'has mode 606; expected 600'],
])('socket %o: %p', (stat, problem) => {
  expect(socketProblem(stat, 501)).toBe(problem)
})
