import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SandboxResource } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { readSandboxesConfig } from '../config';
import { DatabaseActivityStore } from '../database/DatabaseActivityStore';
import { DatabaseSandboxStore } from '../database/DatabaseSandboxStore';
import { connectSandboxesDatabase } from '../database/migrations';
import { ActivityService } from './ActivityService';
import { EXPIRY_WARNER_TASK_ID, ExpiryWarner } from './ExpiryWarner';
import { LifetimePolicy } from './LifetimePolicy';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const START = Date.parse('2026-03-02T09:00:00Z');
const minutes = (m: number) => new Date(START + m * 60_000);

function sandbox(
  name: string,
  expiresAt: Date,
  overrides: { rv?: string; phase?: string; owner?: string } = {},
): SandboxResource {
  return {
    apiVersion: 'sandboxkit.dev/v1alpha1',
    kind: 'Sandbox',
    metadata: {
      name,
      uid: `uid-${name}`,
      resourceVersion: overrides.rv ?? '1',
      creationTimestamp: new Date(START).toISOString(),
    },
    spec: {
      templateRef: { name: 'payments-api' },
      owner: overrides.owner ?? 'user:default/alice',
      expiresAt: expiresAt.toISOString(),
      displayName: `Display ${name}`,
    },
    status: { phase: (overrides.phase ?? 'Ready') as 'Ready' },
  };
}

/** A notification service that records what it was asked to send. */
class RecordingNotifications implements NotificationService {
  readonly sent: Parameters<NotificationService['send']>[0][] = [];
  failWith?: Error;

  async send(notification: Parameters<NotificationService['send']>[0]) {
    if (this.failWith) throw this.failWith;
    this.sent.push(notification);
  }
}

describe.each(databases.eachSupportedId())('ExpiryWarner on %p', databaseId => {
  async function setup(
    options: { sandboxes?: object; notifications?: boolean } = {},
  ) {
    const knex = await databases.init(databaseId);
    await connectSandboxesDatabase(mockServices.database({ knex }));
    const store = new DatabaseSandboxStore(knex);
    const activityStore = new DatabaseActivityStore(knex);
    const activity = new ActivityService({
      activity: activityStore,
      sandboxes: store,
    });
    const config = readSandboxesConfig(
      new ConfigReader({ sandboxes: options.sandboxes ?? {} }),
    );
    let now = minutes(0);
    const notifications = new RecordingNotifications();
    const logger = mockServices.logger.mock();
    const warner = new ExpiryWarner({
      store,
      activity,
      lifetime: new LifetimePolicy(config),
      warningMinutes: config.expiryWarningMinutes,
      logger,
      notifications:
        options.notifications === false ? undefined : notifications,
      clock: () => now,
    });
    const runAt = (m: number) => {
      now = minutes(m);
      return warner.run();
    };
    const warnings = async (name: string) =>
      (await activityStore.list({ uid: `uid-${name}` })).filter(
        e => e.type === 'expiry-warning',
      );
    return {
      store,
      activity,
      warner,
      notifications,
      logger,
      runAt,
      warnings,
    };
  }

  it('warns each owner once, 15 minutes before expiry, with a link to the sandbox in the notification', async () => {
    const { store, notifications, runAt, warnings } = await setup();
    await store.applyObserved('local', sandbox('soon', minutes(60)));
    await store.applyObserved('local', sandbox('later', minutes(120)));

    expect(await runAt(44)).toBe(0); // 16 minutes left: not yet
    expect(await warnings('soon')).toEqual([]);

    expect(await runAt(45)).toBe(1);
    const [entry] = await warnings('soon');
    expect(entry).toMatchObject({
      type: 'expiry-warning',
      actor: 'system',
      message: 'Expires in 15 minutes — extend it to keep it',
      details: {
        expiresAt: minutes(60).toISOString(),
        minutesLeft: 15,
        extensionsLeft: 1,
      },
    });
    expect(notifications.sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: 'user:default/alice' },
        payload: expect.objectContaining({
          title: 'Sandbox Display soon expires in 15 minutes',
          description: 'Expires in 15 minutes — extend it to keep it',
          link: '/sandboxes/soon',
        }),
      },
    ]);

    // Later runs inside the window do not repeat it.
    expect(await runAt(46)).toBe(0);
    expect(await runAt(59)).toBe(0);
    expect(await warnings('soon')).toHaveLength(1);
    expect(await warnings('later')).toEqual([]);
    expect(notifications.sent).toHaveLength(1);
  });

  it('warns a sandbox extended after its warning again before its new expiry, once', async () => {
    const { store, runAt, warnings } = await setup();
    await store.applyObserved('local', sandbox('demo', minutes(60)));
    expect(await runAt(50)).toBe(1);
    expect((await warnings('demo'))[0].message).toBe(
      'Expires in 10 minutes — extend it to keep it',
    );

    // Extended by an hour (the API takes the extension, the watch sees the new expiry).
    expect(await store.tryUseExtension('demo', 1)).toBe(true);
    await store.applyObserved(
      'local',
      sandbox('demo', minutes(120), { rv: '2' }),
    );
    expect(await runAt(55)).toBe(0);
    expect(await runAt(104)).toBe(0);

    expect(await runAt(105)).toBe(1);
    expect(await runAt(106)).toBe(0);
    const entries = await warnings('demo');
    expect(entries.map(e => e.details?.expiresAt)).toEqual([
      minutes(120).toISOString(),
      minutes(60).toISOString(),
    ]);
    // Its one extension is used: the warning says so instead of suggesting one.
    expect(entries[0].message).toBe(
      'Expires in 15 minutes — it cannot be extended further',
    );
  });

  it('leaves out sandboxes already expired, being deleted or beyond the window', async () => {
    const { store, runAt, warnings } = await setup({
      sandboxes: { expiryWarningMinutes: 30 },
    });
    await store.applyObserved('local', sandbox('gone', minutes(5)));
    await store.applyObserved(
      'local',
      sandbox('expired', minutes(20), { phase: 'Expired' }),
    );
    await store.applyObserved('local', sandbox('deleting', minutes(20)));
    await store.setBookkeeping('deleting', { deletionRequestedAt: minutes(9) });
    await store.applyObserved(
      'local',
      sandbox('suspended', minutes(25), { phase: 'Suspended' }),
    );
    await store.applyObserved('local', sandbox('far', minutes(45)));

    expect(await runAt(10)).toBe(1);
    expect(await warnings('gone')).toEqual([]);
    expect(await warnings('expired')).toEqual([]);
    expect(await warnings('deleting')).toEqual([]);
    expect(await warnings('far')).toEqual([]);
    // Suspended sandboxes expire too.
    expect((await warnings('suspended'))[0].message).toBe(
      'Expires in 15 minutes — extend it to keep it',
    );
  });

  it('still writes the warning when notifications fail or are not installed', async () => {
    const failing = await setup();
    failing.notifications.failWith = new Error(
      'Failed to send notifications: Request failed with status 404',
    );
    await failing.store.applyObserved('local', sandbox('a', minutes(10)));
    expect(await failing.runAt(0)).toBe(1);
    expect(await failing.warnings('a')).toHaveLength(1);
    expect(failing.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'Could not notify user:default/alice that sandbox a expires soon',
      ),
    );
    // The failure does not bring the warning back on the next run.
    expect(await failing.runAt(1)).toBe(0);

    const without = await setup({ notifications: false });
    await without.store.applyObserved('local', sandbox('b', minutes(10)));
    expect(await without.runAt(0)).toBe(1);
    expect((await without.warnings('b'))[0].message).toBe(
      'Expires in 10 minutes — extend it to keep it',
    );
  });

  it('runs every minute on one replica at a time, and not at all when set to 0', async () => {
    const enabled = await setup();
    const scheduler = mockServices.scheduler.mock();
    await enabled.warner.schedule(scheduler);
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: EXPIRY_WARNER_TASK_ID,
        frequency: { minutes: 1 },
        scope: 'global',
      }),
    );

    const disabled = await setup({ sandboxes: { expiryWarningMinutes: 0 } });
    await disabled.store.applyObserved('local', sandbox('a', minutes(1)));
    const idle = mockServices.scheduler.mock();
    await disabled.warner.schedule(idle);
    expect(idle.scheduleTask).not.toHaveBeenCalled();
    expect(await disabled.runAt(0)).toBe(0);
    expect(await disabled.warnings('a')).toEqual([]);
  });
});
