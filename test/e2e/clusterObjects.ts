import type { SandboxTemplateResource } from '@sandboxkit/backstage-plugin-sandboxes-common';

const TEMPLATES_PATH = '/apis/sandboxkit.dev/v1alpha1/sandboxtemplates';

/** kube-sim accepts any bearer token; the local default's config uses this one. */
const HEADERS = {
  Authorization: 'Bearer kube-sim-local',
  'Content-Type': 'application/json',
};

async function checked(response: Response, what: string) {
  if (!response.ok) {
    throw new Error(`${what}: ${response.status} ${await response.text()}`);
  }
  return response;
}

/** One object from kube-sim by its API path; throws with the answer when it is not there. */
export async function readClusterObject<T>(
  kubeSimUrl: string,
  path: string,
): Promise<T> {
  const response = await checked(
    await fetch(`${kubeSimUrl}${path}`, { headers: HEADERS }),
    `GET ${path}`,
  );
  return (await response.json()) as T;
}

/**
 * Installs a copy of a SandboxTemplate under another name, so that a form
 * has more than one template to choose from (with one, it preselects it
 * whatever asked for it).
 */
export async function copySandboxTemplate(
  kubeSimUrl: string,
  from: string,
  to: { name: string; displayName: string },
): Promise<void> {
  const original = (await (
    await checked(
      await fetch(`${kubeSimUrl}${TEMPLATES_PATH}/${from}`, {
        headers: HEADERS,
      }),
      `reading SandboxTemplate ${from}`,
    )
  ).json()) as SandboxTemplateResource;
  const copy: SandboxTemplateResource = {
    apiVersion: original.apiVersion,
    kind: original.kind,
    metadata: { name: to.name },
    spec: { ...original.spec, displayName: to.displayName },
  };
  await checked(
    await fetch(`${kubeSimUrl}${TEMPLATES_PATH}`, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify(copy),
    }),
    `creating SandboxTemplate ${to.name}`,
  );
}

export async function deleteSandboxTemplate(
  kubeSimUrl: string,
  name: string,
): Promise<void> {
  const response = await fetch(`${kubeSimUrl}${TEMPLATES_PATH}/${name}`, {
    method: 'DELETE',
    headers: HEADERS,
  });
  if (response.status !== 404) {
    await checked(response, `deleting SandboxTemplate ${name}`);
  }
}
