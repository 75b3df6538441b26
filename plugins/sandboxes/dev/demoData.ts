import { SandboxDetails } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { aSandboxDetails, aTemplate } from '../src/__testUtils__/fixtures';

const minutesAgo = (m: number) =>
  new Date(Date.now() - m * 60_000).toISOString();
const minutesFromNow = (m: number) =>
  new Date(Date.now() + m * 60_000).toISOString();

export const demoUser = 'user:default/guest';

export const demoTemplates = [
  aTemplate({
    parameters: [
      ...aTemplate().parameters,
      {
        name: 'providerKey',
        type: 'string',
        title: 'Payment provider key',
        description: 'Kept secret: shown to nobody once the sandbox has it',
        secret: true,
        mutable: true,
        pattern: 'pk_test_[A-Za-z0-9]+',
      },
    ],
  }),
  aTemplate({
    name: 'storefront',
    displayName: 'Storefront',
    description: 'The web shop alone, against shared test services.',
    parameters: [
      {
        name: 'theme',
        type: 'string',
        title: 'Theme',
        enum: ['light', 'dark', 'holiday'],
        default: 'light',
      },
    ],
    ttl: { defaultMinutes: 60, maxMinutes: 240 },
  }),
];

/** What the cluster's Secrets hold for the demo sandboxes' secret parameters. */
export const demoSecretValues = {
  'guest-payments-1': { providerKey: 'pk_test_demo' },
};

export const demoSandboxes: SandboxDetails[] = [
  aSandboxDetails({
    name: 'guest-payments-1',
    displayName: 'Checkout demo for ACME',
    owner: demoUser,
    secretParameters: ['providerKey'],
  }),
  aSandboxDetails({
    name: 'guest-storefront-2',
    displayName: 'Holiday theme review',
    template: 'storefront',
    owner: demoUser,
    entityRef: 'component:default/storefront',
    phase: 'Suspended',
    suspended: true,
    suspendReason: 'nobody used it for 30 minutes',
    components: [
      { name: 'web', kind: 'Deployment', desiredReplicas: 0, readyReplicas: 0 },
    ],
    conditions: [
      {
        type: 'Suspended',
        status: 'True',
        reason: 'Idle',
        message: 'No requests for 30 minutes',
        lastTransitionTime: minutesAgo(25),
      },
    ],
    lastActivityAt: minutesAgo(55),
  }),
  aSandboxDetails({
    name: 'jane-payments-7',
    displayName: 'Refund bug repro',
    owner: 'user:default/jane',
    phase: 'Failed',
    url: undefined,
    conditions: [
      {
        type: 'ResourcesApplied',
        status: 'False',
        reason: 'ImagePullBackOff',
        message: 'The image for "api" (branch fix/refunds) could not be found.',
        lastTransitionTime: minutesAgo(3),
      },
    ],
    expiresAt: minutesFromNow(170),
  }),
  // Enough to see that paging stays fast with a realistic fleet.
  ...Array.from({ length: 1000 }, (_, i) =>
    aSandboxDetails({
      name: `team-load-${i + 1}`,
      owner: `user:default/${['sam', 'kim', 'lee'][i % 3]}`,
      createdAt: minutesAgo(200 + i),
      expiresAt: minutesFromNow(10 + i * 3),
      lastActivityAt: minutesAgo(i),
    }),
  ),
];
