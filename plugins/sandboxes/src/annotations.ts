/**
 * Entity annotation naming the SandboxTemplate that the entity's "Sandboxes"
 * tab preselects in its create dialog, e.g.
 * `sandboxkit.dev/template: payments-demo`.
 *
 * @public
 */
export const SANDBOX_TEMPLATE_ANNOTATION = 'sandboxkit.dev/template';
