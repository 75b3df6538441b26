import { TemplateResource } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { TemplateError } from './TemplateError';

/**
 * Orders template resources so each comes after what it depends on,
 * keeping the template's order otherwise. A cycle or an unknown
 * dependency is a TemplateError.
 */
export function dependencyOrder(
  resources: TemplateResource[],
): TemplateResource[] {
  const byName = new Map(resources.map(r => [r.name, r]));
  const position = new Map(resources.map((r, i) => [r.name, i]));
  if (byName.size !== resources.length) {
    throw new TemplateError(
      'DuplicateResourceName',
      'Two resources in the template have the same name.',
    );
  }
  for (const r of resources) {
    for (const dep of r.dependsOn ?? []) {
      if (!byName.has(dep)) {
        throw new TemplateError(
          'UnknownDependency',
          `Resource "${r.name}" depends on "${dep}", which the template does not define.`,
        );
      }
    }
  }
  const ordered: TemplateResource[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (r: TemplateResource, path: string[]) => {
    const seen = state.get(r.name);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...path.slice(path.indexOf(r.name)), r.name].join(' → ');
      throw new TemplateError(
        'DependencyCycle',
        `The template's resources depend on each other in a circle (${cycle}), so none of them can be created first.`,
      );
    }
    state.set(r.name, 'visiting');
    const deps = [...(r.dependsOn ?? [])].sort(
      (a, b) => position.get(a)! - position.get(b)!,
    );
    for (const dep of deps) visit(byName.get(dep)!, [...path, r.name]);
    state.set(r.name, 'done');
    ordered.push(r);
  };
  for (const r of resources) visit(r, []);
  return ordered;
}
