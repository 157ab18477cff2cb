/**
 * jest test sequencer: the known slow files first, then jest's own order.
 *
 * jest runs previously failed files first, then files it has no recorded duration for (largest file first), then the
 * rest slowest first, by the durations of the last run. Both orders can start a slow file late: on a cold cache (a
 * fresh clone, as in CI) "largest file" starts the long unit-test files first; on a warm one, a filtered run
 * (`jest -t …`, one file) records a short duration for a slow file. A slow file started late ends the run alone on
 * one worker. So the few files that are slow by nature (npm, terraform) start first, in this
 * list's order (measured, slowest first); everything else keeps jest's order.
 */
const Sequencer = require("@jest/test-sequencer").default;

/** Known slow test files (path patterns), slowest first: each runs npm or terraform. */
const KNOWN_SLOW = [
  /[\\/]test[\\/]terraform\.test\.ts$/, // one validate + one plan of five stacks (~570 resources)
  /[\\/]test[\\/]consumer-package\.test\.ts$/, // npm pack + install + tsc + synth + terraform validate
  /[\\/]test[\\/]terraform[\\/]harness\.test\.ts$/, // 3 terraform commands and 2 inits
  /[\\/]test[\\/][^\\/]*\.terraform\.test\.ts$/, // any other terraform test file
];

function slowRank(path) {
  const index = KNOWN_SLOW.findIndex((pattern) => pattern.test(path));
  return index < 0 ? KNOWN_SLOW.length : index;
}

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests); // jest's order; sets test.duration from its cache where known
    const failed = sorted.filter((test) => this.hasFailed(test));
    const rest = sorted.filter((test) => !this.hasFailed(test));
    const slow = rest.filter((test) => slowRank(test.path) < KNOWN_SLOW.length);
    slow.sort((a, b) => slowRank(a.path) - slowRank(b.path)); // stable: jest's order within one rank
    return [...failed, ...slow, ...rest.filter((test) => slowRank(test.path) === KNOWN_SLOW.length)];
  }
}

module.exports = SlowFirstSequencer;
