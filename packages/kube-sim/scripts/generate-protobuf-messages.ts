/* eslint-disable no-console */
/**
 * Writes src/http/protobuf/kubernetesMessages.json: the protobuf wire layout
 * of every built-in kind kube-sim serves, read from the Go API types of
 * Kubernetes v1.33.0 (k8s.io/api v0.33.0, k8s.io/apimachinery v0.33.0).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs \
 *     scripts/generate-protobuf-messages.ts <kubernetes/api git dir> <kubernetes/apimachinery git dir> [tag]
 *
 * Both arguments are clones (bare or not) of the public repositories; the
 * files are read with `git show <tag>:<path>`. The Go struct tags carry all
 * that decoding needs and that generated.proto does not say: the protobuf
 * field number and wire form (`protobuf:"varint,1,opt,name=replicas"`), the
 * JSON name and `omitempty`, and whether the field is a pointer (a pointer
 * keeps an explicit zero, `replicas: 0`; a plain field's zero means unset).
 * Run again with a newer tag to follow a Kubernetes release; the output is
 * deterministic.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FieldEntry, FieldType } from '../src/http/protobuf/messageLayout';

/** The API packages kube-sim serves, as `<dir in kubernetes/api>`. */
const API_PACKAGES = [
  'core/v1',
  'apps/v1',
  'batch/v1',
  'autoscaling/v1',
  'autoscaling/v2',
  'networking/v1',
  'rbac/v1',
  'policy/v1',
  'scheduling/v1',
  'coordination/v1',
  'events/v1',
  'admissionregistration/v1',
  // TokenRequest, which `kubectl create token` sends to serviceaccounts/token.
  'authentication/v1',
];

/** Types whose protobuf form is hand-written in apimachinery (their *_proto.go files). */
const SPECIAL: Record<string, string> = {
  'k8s.io/apimachinery/pkg/apis/meta/v1.Time': 'time',
  'k8s.io/apimachinery/pkg/apis/meta/v1.MicroTime': 'microTime',
  'k8s.io/apimachinery/pkg/apis/meta/v1.Duration': 'duration',
  'k8s.io/apimachinery/pkg/apis/meta/v1.FieldsV1': 'json',
  'k8s.io/apimachinery/pkg/runtime.RawExtension': 'json',
  'k8s.io/apimachinery/pkg/api/resource.Quantity': 'quantity',
  'k8s.io/apimachinery/pkg/util/intstr.IntOrString': 'intOrString',
};

const BASIC: Record<string, string> = {
  string: 'string',
  bool: 'bool',
  int: 'int',
  int32: 'int',
  int64: 'int',
  uint32: 'int',
  uint64: 'int',
  float32: 'double',
  float64: 'double',
};

interface GoStruct {
  fields: { goType: string; tags: Record<string, string> }[];
  imports: Record<string, string>;
}

interface GoPackage {
  structs: Map<string, GoStruct>;
  named: Map<string, { rhs: string; imports: Record<string, string> }>;
  hasTypeMeta: Set<string>;
}

const [apiGitDir, machineryGitDir, tag = 'v0.33.0'] = process.argv.slice(2);
if (!apiGitDir || !machineryGitDir) {
  console.error(
    'usage: generate-protobuf-messages.ts <kubernetes/api git dir> <kubernetes/apimachinery git dir> [tag]',
  );
  process.exit(2);
}

function git(gitDir: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

function parseImports(source: string): Record<string, string> {
  const imports: Record<string, string> = {};
  const block = source.match(/^import \(([\s\S]*?)^\)/m)?.[1] ?? '';
  const single = [...source.matchAll(/^import ((?:\w+ )?"[^"]+")$/gm)].map(
    m => m[1],
  );
  for (const line of [...block.split('\n'), ...single]) {
    const m = line.trim().match(/^(?:(\w+)\s+)?"([^"]+)"$/);
    if (m) imports[m[1] ?? m[2].split('/').pop()!] = m[2];
  }
  return imports;
}

function parseTags(raw: string): Record<string, string> {
  return Object.fromEntries(
    [...raw.matchAll(/(\w+):"([^"]*)"/g)].map(m => [m[1], m[2]]),
  );
}

function parsePackage(gitDir: string, dir: string): GoPackage {
  const pkg: GoPackage = {
    structs: new Map(),
    named: new Map(),
    hasTypeMeta: new Set(),
  };
  const files = git(gitDir, 'ls-tree', '--name-only', `${tag}:${dir}`)
    .split('\n')
    .filter(
      f =>
        f.endsWith('.go') &&
        !/(_test|generated\.pb|_generated|fuzz|swagger_doc)/.test(f) &&
        !f.startsWith('zz_'),
    );
  for (const file of files) {
    const source = git(gitDir, 'show', `${tag}:${dir}/${file}`);
    const imports = parseImports(source);
    const lines = source.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const start = lines[i].match(/^type (\w+) struct \{$/);
      if (start) {
        const struct: GoStruct = { fields: [], imports };
        for (i++; i < lines.length && lines[i] !== '}'; i++) {
          const line = lines[i].trim();
          const field =
            line.match(/^\w+\s+(\S+)\s+`(.*)`$/) ??
            line.match(/^(\S+)\s+`(.*)`$/);
          if (!field || line.startsWith('//')) continue;
          const tags = parseTags(field[2]);
          if (field[1].endsWith('TypeMeta') && tags.json === ',inline')
            pkg.hasTypeMeta.add(start[1]);
          struct.fields.push({ goType: field[1], tags });
        }
        pkg.structs.set(start[1], struct);
        continue;
      }
      const named = lines[i].match(/^type (\w+) ([^\s{(][^/]*?)\s*(\/\/.*)?$/);
      if (named && !/^(interface|func)\b/.test(named[2]))
        pkg.named.set(named[1], { rhs: named[2], imports });
    }
  }
  return pkg;
}

const packages = new Map<string, GoPackage>();
const keyOf = (importPath: string) =>
  importPath
    .replace('k8s.io/api/', '')
    .replace('k8s.io/apimachinery/pkg/apis/', '')
    .replace('k8s.io/apimachinery/pkg/', '');
for (const dir of API_PACKAGES)
  packages.set(`k8s.io/api/${dir}`, parsePackage(apiGitDir, dir));
packages.set(
  'k8s.io/apimachinery/pkg/apis/meta/v1',
  parsePackage(machineryGitDir, 'pkg/apis/meta/v1'),
);
packages.set(
  'k8s.io/apimachinery/pkg/types',
  parsePackage(machineryGitDir, 'pkg/types'),
);

const messages: Record<string, Record<number, FieldEntry>> = {};
const pending: [string, string][] = [];

function resolveNamed(importPath: string, name: string): FieldType {
  const special = SPECIAL[`${importPath}.${name}`];
  if (special) return special;
  const pkg = packages.get(importPath);
  if (!pkg) throw new Error(`package ${importPath} is not read`);
  if (pkg.structs.has(name)) {
    const ref = `${keyOf(importPath)}.${name}`;
    if (!(ref in messages)) {
      messages[ref] = {};
      pending.push([importPath, name]);
    }
    return { message: ref };
  }
  const named = pkg.named.get(name);
  if (!named) throw new Error(`type ${importPath}.${name} not found`);
  // A named slice is a message of its own whose field 1 holds the items.
  if (named.rhs.startsWith('[]') && named.rhs !== '[]byte')
    return {
      list: resolveType(named.rhs.slice(2), importPath, named.imports),
    };
  return resolveType(named.rhs, importPath, named.imports);
}

function resolveType(
  goType: string,
  importPath: string,
  imports: Record<string, string>,
): FieldType {
  if (goType === '[]byte') return 'bytes';
  if (goType.startsWith('[]'))
    return resolveType(goType.slice(2), importPath, imports);
  if (goType.startsWith('map[')) {
    const close = goType.indexOf(']');
    return { map: resolveType(goType.slice(close + 1), importPath, imports) };
  }
  if (BASIC[goType]) return BASIC[goType];
  const dot = goType.indexOf('.');
  if (dot > 0) {
    const target = imports[goType.slice(0, dot)];
    if (!target) throw new Error(`unknown import in ${goType}`);
    return resolveNamed(target, goType.slice(dot + 1));
  }
  return resolveNamed(importPath, goType);
}

function emit(importPath: string, name: string): void {
  const struct = packages.get(importPath)!.structs.get(name)!;
  const out = messages[`${keyOf(importPath)}.${name}`];
  for (const { goType, tags } of struct.fields) {
    if (!tags.protobuf || tags.protobuf === '-') continue;
    const number = tags.protobuf.split(',')[1];
    const [jsonName, ...options] = (tags.json ?? '').split(',');
    if (jsonName === '-') continue;
    const pointer = goType.startsWith('*');
    const bare = pointer ? goType.slice(1) : goType;
    const entry: FieldEntry = {
      name: jsonName,
      type: resolveType(bare, importPath, struct.imports),
    };
    // A Go slice is a repeated field (some tags say `opt` for list-map slices).
    if (bare.startsWith('[]') && bare !== '[]byte') entry.repeated = true;
    if (pointer) entry.pointer = true;
    if (options.includes('omitempty')) entry.omitempty = true;
    if (options.includes('inline')) entry.inline = true;
    out[Number(number)] = entry;
  }
}

const kinds: Record<string, string> = {};
for (const dir of API_PACKAGES) {
  const importPath = `k8s.io/api/${dir}`;
  const register = git(apiGitDir, 'show', `${tag}:${dir}/register.go`);
  const group = register.match(/const GroupName = "([^"]*)"/)?.[1] ?? '';
  const version = dir.split('/')[1];
  const apiVersion = group ? `${group}/${version}` : version;
  for (const name of [...packages.get(importPath)!.hasTypeMeta].sort()) {
    const type = resolveNamed(importPath, name);
    if (typeof type === 'object' && 'message' in type)
      kinds[`${apiVersion}/${name}`] = type.message;
  }
}
while (pending.length) {
  const [importPath, name] = pending.shift()!;
  emit(importPath, name);
}

const apiCommit = git(apiGitDir, 'rev-parse', `${tag}^{commit}`).trim();
const machineryCommit = git(
  machineryGitDir,
  'rev-parse',
  `${tag}^{commit}`,
).trim();
const sorted = Object.fromEntries(
  Object.keys(messages)
    .sort()
    .map(k => [k, messages[k]]),
);
const target = resolve(
  __dirname,
  '../src/http/protobuf/kubernetesMessages.json',
);
writeFileSync(
  target,
  `${JSON.stringify({
    origin: `k8s.io/api ${tag} (${apiCommit}) and k8s.io/apimachinery ${tag} (${machineryCommit}), Go struct tags; scripts/generate-protobuf-messages.ts`,
    kinds,
    messages: sorted,
  })}\n`,
);
console.log(
  `wrote ${Object.keys(kinds).length} kinds, ${
    Object.keys(messages).length
  } messages to ${target}`,
);
