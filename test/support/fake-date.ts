/**
 * Fakes only `Date` (Date.now and new Date()) at `now`, advancing with real time: timers,
 * promises and the event loop stay real, so apps booted in the test run as usual on a
 * calendar day of the test's choosing.
 */
export function fakeDateOnly(now: Date): void {
  jest.useFakeTimers({
    now,
    advanceTimers: true,
    doNotFake: [
      'nextTick',
      'setImmediate',
      'clearImmediate',
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'queueMicrotask',
      'hrtime',
      'performance',
    ],
  });
}
