import { CustomErrorBase } from '@backstage/errors';

/**
 * A create names a template whose own declarations are broken (a parameter
 * pattern RE2 cannot compile, an inverted range…) or whose objects the API
 * server refused in the operator's dry run (its `Valid` condition is False):
 * the request is well formed but cannot be carried out until the template
 * is fixed, hence 422.
 *
 * @public
 */
export class InvalidTemplateError extends CustomErrorBase {
  name = 'InvalidTemplateError' as const;
  readonly statusCode = 422;
}
