import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { KubeSim, startKubeSim } from '../startKubeSim';

const run = promisify(execFile);

/** The kubectl v1.32 binary the tests drive. */
export const KUBECTL = '/usr/bin/kubectl';

/** A real kubectl pointed at a simulator, with its own kubeconfig and cache in a temporary folder. */
export function kubectlFor(sim: KubeSim) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-sim-kubectl-'));
  fs.writeFileSync(path.join(dir, 'kubeconfig'), sim.kubeConfigYaml());
  const env = () => ({
    ...process.env,
    KUBECONFIG: path.join(dir, 'kubeconfig'),
  });
  const kubectl = async (...args: string[]) => {
    const { stdout } = await run(
      KUBECTL,
      ['--cache-dir', path.join(dir, 'cache'), ...args],
      { env: env(), timeout: 30_000 },
    );
    return stdout;
  };
  /** Runs kubectl expecting it to fail; returns its stderr. */
  const kubectlFails = async (...args: string[]) => {
    try {
      await kubectl(...args);
    } catch (error) {
      return String((error as { stderr?: string }).stderr);
    }
    throw new Error(`kubectl ${args.join(' ')} succeeded`);
  };
  /** Writes a manifest into the folder and returns its path. */
  const file = (name: string, content: string) => {
    const target = path.join(dir, name);
    fs.writeFileSync(target, content);
    return target;
  };
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  return { dir, env, kubectl, kubectlFails, file, cleanup };
}

/**
 * A kube-sim and a real kubectl for the tests of one describe block: started
 * before them, stopped after, the simulator reset before each test.
 */
export function useKubectlAgainstSim() {
  let sim: KubeSim | undefined;
  let k: ReturnType<typeof kubectlFor> | undefined;
  beforeAll(async () => {
    sim = await startKubeSim({ port: 0, kubeletDelayMs: 20 });
    k = kubectlFor(sim);
  });
  afterAll(async () => {
    await sim?.stop();
    k?.cleanup();
  });
  beforeEach(() => sim?.reset());
  return {
    kubectl: (...args: string[]) => k!.kubectl(...args),
    kubectlFails: (...args: string[]) => k!.kubectlFails(...args),
    file: (name: string, content: string) => k!.file(name, content),
  };
}
