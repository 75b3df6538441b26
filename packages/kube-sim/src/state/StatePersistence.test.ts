import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startKubeSim } from '../startKubeSim';
import {
  createCrd,
  SANDBOX_CRD,
  testClients,
} from '../__testUtils__/testClients';

describe('state persistence', () => {
  it('restores objects, served custom kinds and the resourceVersion after a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-sim-state-'));
    const statePath = path.join(dir, 'state.json');
    try {
      const first = await startKubeSim({ port: 0, statePath });
      await createCrd(first, SANDBOX_CRD);
      const c1 = testClients(first);
      const created: any = await c1.custom.createNamespacedCustomObject({
        group: 'example.dev',
        version: 'v1',
        namespace: 'default',
        plural: 'widgets',
        body: {
          apiVersion: 'example.dev/v1',
          kind: 'Widget',
          metadata: { name: 'kept' },
          spec: { image: 'a' },
        },
      });
      await first.stop();
      expect(fs.existsSync(statePath)).toBe(true);

      const second = await startKubeSim({ port: 0, statePath });
      try {
        const c2 = testClients(second);
        const read: any = await c2.custom.getNamespacedCustomObject({
          group: 'example.dev',
          version: 'v1',
          namespace: 'default',
          plural: 'widgets',
          name: 'kept',
        });
        expect(read.metadata.uid).toBe(created.metadata.uid);
        const cm = await c2.core.createNamespacedConfigMap({
          namespace: 'default',
          body: { metadata: { name: 'after' } },
        });
        expect(Number(cm.metadata!.resourceVersion)).toBeGreaterThan(
          Number(created.metadata.resourceVersion),
        );
      } finally {
        await second.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
