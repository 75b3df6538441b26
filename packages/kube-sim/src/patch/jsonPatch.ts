import { applyPatch, Operation } from 'fast-json-patch';
import { badRequest, patchRejected } from '../errors/StatusError';
import { clone } from '../util/json';

/** Applies an RFC 6902 JSON patch; a failed `test` or a bad path answers 422. */
export function applyJsonPatch<T>(target: T, patch: unknown): T {
  if (!Array.isArray(patch)) {
    throw badRequest(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  }
  try {
    return applyPatch(clone(target), patch as Operation[], true, false)
      .newDocument;
  } catch (error) {
    const name = (error as { name?: string }).name ?? '';
    const op = (error as { operation?: Operation }).operation;
    if (name === 'TEST_OPERATION_FAILED') {
      throw patchRejected(`testing value ${op?.path} failed`);
    }
    if (/OPERATION_(OP|PATH|VALUE)_INVALID|SEQUENCE_NOT_AN_ARRAY/.test(name)) {
      throw badRequest(
        `invalid JSON patch: ${(error as Error).message.split('\n')[0]}`,
      );
    }
    throw patchRejected(
      `${
        op?.op ?? 'operation'
      } operation does not apply: doc is missing path: "${
        op?.path ?? ''
      }": missing value`,
    );
  }
}
