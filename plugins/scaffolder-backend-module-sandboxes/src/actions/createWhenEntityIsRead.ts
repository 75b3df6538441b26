import { ResponseError } from '@backstage/errors';
import {
  CreateSandboxRequest,
  SandboxDetails,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import {
  SandboxesService,
  SandboxesServiceRequestOptions,
} from '@sandboxkit/backstage-plugin-sandboxes-node';
import { explainSandboxesError } from './sandboxesErrors';
import { sleep } from './waitForPhase';

/**
 * Creates the sandbox. The backend refuses an `entityRef` the catalog does
 * not (yet) hold; a template that publishes a component and then starts a
 * sandbox for it names an entity the catalog reads a little later, so while
 * that refusal lasts this waits and asks again, until the step's timeout.
 * The backend's messages name the field first ("entityRef: …").
 */
export async function createWhenEntityIsRead(
  sandboxes: SandboxesService,
  request: CreateSandboxRequest,
  options: SandboxesServiceRequestOptions & {
    timeoutSeconds: number;
    pollIntervalMs: number;
    signal?: AbortSignal;
    onWait: (entityRef: string) => void;
  },
): Promise<SandboxDetails> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  for (let waited = false; ; waited = true) {
    try {
      return await sandboxes.createSandbox(request, {
        credentials: options.credentials,
      });
    } catch (error) {
      const entityUnknown =
        request.entityRef &&
        ResponseError.is(error) &&
        error.statusCode === 400 &&
        /^entityRef: /.test(error.body?.error?.message ?? '');
      if (!entityUnknown || Date.now() >= deadline) {
        throw explainSandboxesError(
          error,
          `create a sandbox of template ${request.template}`,
        );
      }
      if (!waited) options.onWait(request.entityRef!);
      await sleep(options.pollIntervalMs, options.signal);
    }
  }
}
