import { CustomErrorBase } from '@backstage/errors';

/**
 * The staging namespace or the backend's permissions there are not set up:
 * the backend's configuration, not the caller's input, so a 500.
 */
export class SecretParametersNotStoredError extends CustomErrorBase {
  name = 'SecretParametersNotStoredError' as const;
}
