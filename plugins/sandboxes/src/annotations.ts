/**
 * Entity annotation naming the SandboxTemplate that the entity's "Sandboxes"
 * tab preselects in its create dialog, e.g.
 * `sandboxes.backstage.io/template: payments-demo`.
 *
 * @public
 */
export const SANDBOX_TEMPLATE_ANNOTATION = 'sandboxes.backstage.io/template';
