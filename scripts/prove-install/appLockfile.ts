import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseDocument } from 'yaml';

/**
 * The new app's yarn.lock, committed beside this script because create-app
 * cannot download its seed here. It pins every package from the registry;
 * the project's own packages are left out, because their tarballs change
 * with every commit: Yarn resolves them afresh from the local registry.
 */
export const OWN_SCOPE = '@sandboxkit/';

function withoutEntries(
  lockfile: string,
  drop: (descriptor: string) => boolean,
): string {
  const doc = parseDocument(lockfile);
  for (const item of [...((doc.contents as any)?.items ?? [])]) {
    const key = String(item.key?.value ?? item.key);
    if (key.split(/,\s*/).every(drop)) doc.delete(item.key);
  }
  return doc.toString({ lineWidth: 0 });
}

/** The lockfile without the entries of the project's own packages. */
export function withoutOwnPackages(lockfile: string): string {
  return withoutEntries(lockfile, d => d.startsWith(OWN_SCOPE));
}

/**
 * What create-app's yarn.lock seed does, from this repository's own
 * yarn.lock (same Backstage release): without a seed, Yarn takes the newest
 * version in each of the template's ranges and mixes releases (seen:
 * plugin-signals-backend 0.3.21 of a later release beside backend-defaults
 * 0.18.0, whose httpRouter lacks addWebSocketHandler: the backend does not
 * start). Yarn keeps the entries the app uses and drops the rest.
 */
export function seedFromRepository(repoLockfile: string): string {
  return withoutEntries(
    repoLockfile,
    d => d.startsWith(OWN_SCOPE) || d.includes('@workspace:'),
  );
}

/**
 * Compares the registry entries of the lockfile Yarn wrote with the
 * committed one; returns the first few descriptors that differ.
 */
export function driftFrom(committedPath: string, written: string): string[] {
  const entries = (text: string) =>
    new Map(
      Object.entries(
        parseDocument(withoutOwnPackages(text)).toJS() as Record<
          string,
          { resolution?: string; checksum?: string }
        >,
      )
        .filter(([key]) => key !== '__metadata')
        .map(([key, value]) => [key, `${value.resolution} ${value.checksum}`]),
    );
  if (!existsSync(committedPath)) return ['(no committed yarn.lock)'];
  const before = entries(readFileSync(committedPath, 'utf8'));
  const after = entries(written);
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys]
    .filter(key => before.get(key) !== after.get(key))
    .slice(0, 5);
}

export function saveLockfile(path: string, written: string) {
  writeFileSync(path, withoutOwnPackages(written));
}
