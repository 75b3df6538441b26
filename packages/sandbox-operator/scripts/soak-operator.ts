/**
 * Fault soak: create/suspend/resume/delete sandboxes while 10% of API
 * requests fail (500/503/429/409), watches drop, history is compacted and
 * the operator is killed and replaced; then check everything converged.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs scripts/soak-operator.ts \
 *     [--operations 500] [--restarts 20] [--failure-rate 0.1]
 */
import { parseArgs } from 'util';
import { runSoak } from '../src/__testUtils__/runSoak';

const { values } = parseArgs({
  options: {
    operations: { type: 'string', default: '500' },
    restarts: { type: 'string', default: '20' },
    'failure-rate': { type: 'string', default: '0.1' },
  },
});

runSoak({
  operations: Number(values.operations),
  restarts: Number(values.restarts),
  failureRate: Number(values['failure-rate']),
  convergeTimeoutMs: 180_000,
  log: line => process.stdout.write(`${line}\n`),
})
  .then(result => {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      `soak: ${result.operations} ops, ${result.restarts} restarts, ${result.injectedFaults} injected failures, ` +
        `${result.watchDrops} watch drops, ${
          result.compactions
        } compactions; ran ${(result.runMs / 1000).toFixed(1)} s, ` +
        `converged in ${(result.convergeMs / 1000).toFixed(1)} s; ${
          result.sandboxesAtEnd
        } sandboxes left; ` +
        `${result.problems.length} problems\n`,
    );
    process.exit(result.problems.length === 0 ? 0 : 1);
  })
  .catch(error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  });
