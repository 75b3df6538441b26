/**
 * Container image references, by the grammar of the reference package that
 * containerd, Docker and the kubelet parse them with
 * (github.com/distribution/reference, regexp.go): [host[:port]/]path[:tag][@digest].
 */
const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])`;
const name = `(?:${host}(?::[0-9]+)?/)?${pathComponent}(?:/${pathComponent})*`;
const tag = '[\\w][\\w.-]{0,127}';
const digest =
  '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${name})(?::${tag})?(?:@${digest})?$`);

/** The longest repository name the reference package accepts. */
const NAME_MAX_LENGTH = 255;

/**
 * Why `value` is not a valid image reference, or undefined when it is.
 * The words fit after a field name: "images.api: must be …".
 *
 * @public
 */
export function imageReferenceProblem(value: string): string | undefined {
  const match = REFERENCE.exec(value);
  if (!match) {
    return 'must be an image reference like registry.example.com/team/app:1.2.3 (lower-case path; tag of letters, digits, ".", "_", "-"; optional @sha256:digest)';
  }
  if (match[1].length > NAME_MAX_LENGTH) {
    return `must have a repository name of at most ${NAME_MAX_LENGTH} characters`;
  }
  return undefined;
}
