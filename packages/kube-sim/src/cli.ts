/* eslint-disable no-console */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { startKubeSim } from './startKubeSim';

const USAGE = `Usage: kube-sim [options]

  --port <n>               port to listen on (default 6443; 0 picks a free port)
  --host <addr>            interface to listen on (default 127.0.0.1)
  --kubeconfig <file>      write a kubeconfig pointing at the simulator to this file
  --state <file>           load state from this JSON file and persist changes to it
  --kubelet-delay-ms <n>   delay per simulated pod step (default 100)
  --history-limit <n>      watch events kept for resourceVersion replay (default 10000)
  --help                   show this help
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '6443' },
      host: { type: 'string', default: '127.0.0.1' },
      kubeconfig: { type: 'string' },
      state: { type: 'string' },
      'kubelet-delay-ms': { type: 'string', default: '100' },
      'history-limit': { type: 'string', default: '10000' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const sim = await startKubeSim({
    port: Number(values.port),
    host: values.host,
    statePath: values.state,
    kubeletDelayMs: Number(values['kubelet-delay-ms']),
    historyLimit: Number(values['history-limit']),
  });
  if (values.kubeconfig) {
    fs.writeFileSync(values.kubeconfig, sim.kubeConfigYaml(), { mode: 0o600 });
  }
  console.log(`kube-sim listening on ${sim.url}`);
  if (values.kubeconfig)
    console.log(
      `kubeconfig written to ${values.kubeconfig} (export KUBECONFIG=${values.kubeconfig})`,
    );
  if (values.state) console.log(`state persisted to ${values.state}`);
  const shutdown = async () => {
    await sim.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
