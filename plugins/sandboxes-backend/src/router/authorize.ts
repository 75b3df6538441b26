import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  SandboxPermission,
  sandboxReadPermission,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { SandboxFilter, SandboxPermissionCriteria } from '../database/types';
import { SandboxPermissionResource } from '../permissions/rules';

/**
 * Permission checks of the router. Resource permissions are decided with
 * authorizeConditional and the conditions applied here: to the loaded
 * sandbox for one, as a query filter for a list.
 */
export class SandboxAuthorizer {
  readonly #permissions: PermissionsService;
  readonly #isAllowed: (
    decision: Parameters<ReturnType<typeof createConditionAuthorizer>>[0],
    resource: SandboxPermissionResource | undefined,
  ) => boolean;
  readonly #toFilter: ReturnType<
    typeof createConditionTransformer<SandboxFilter>
  >;

  constructor(
    permissions: PermissionsService,
    ruleset: PermissionRuleset<
      SandboxPermissionResource,
      SandboxFilter,
      'sandbox'
    >,
  ) {
    this.#permissions = permissions;
    this.#isAllowed = createConditionAuthorizer(ruleset);
    this.#toFilter = createConditionTransformer(ruleset);
  }

  async basic(
    permission: BasicPermission,
    credentials: BackstageCredentials,
    verb: string,
  ) {
    const [decision] = await this.#permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You are not allowed to ${verb}`);
    }
  }

  /**
   * Throws unless the caller may do this to the sandbox. A sandbox the caller
   * may not read is answered as absent (404, the same words as for a name
   * that does not exist), so neither its existence nor its owner leaks; one
   * they may read but not change is a 403 that names no one.
   */
  async resource(
    permission: SandboxPermission,
    resource: SandboxPermissionResource,
    credentials: BackstageCredentials,
    verb: string,
  ) {
    if (await this.#allows(permission, resource, credentials)) return;
    if (
      permission.name === sandboxReadPermission.name ||
      !(await this.#allows(sandboxReadPermission, resource, credentials))
    ) {
      throw new NotFoundError(`No sandbox named '${resource.name}'`);
    }
    throw new NotAllowedError(
      `You are not allowed to ${verb} sandbox '${resource.name}'; only its owners and administrators are`,
    );
  }

  /** A test of single sandboxes against one decision, for rows not in the index. */
  async predicate(
    permission: SandboxPermission,
    credentials: BackstageCredentials,
  ): Promise<(resource: SandboxPermissionResource) => boolean> {
    const [decision] = await this.#permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    return resource => this.#isAllowed(decision, resource);
  }

  async #allows(
    permission: SandboxPermission,
    resource: SandboxPermissionResource,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await this.#permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    return this.#isAllowed(decision, resource);
  }

  /** undefined: everything; a filter: only matching rows. */
  async listFilter(
    permission: SandboxPermission,
    credentials: BackstageCredentials,
  ): Promise<SandboxPermissionCriteria | undefined> {
    const [decision] = await this.#permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return undefined;
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      return this.#toFilter(decision.conditions);
    }
    throw new NotAllowedError('You are not allowed to list sandboxes');
  }
}
