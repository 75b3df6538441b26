import { InputError } from '@backstage/errors';
import { RequestHandler } from 'express';

/**
 * Refuses a query key with a bracket. The OpenAPI validator refuses unknown
 * query parameters, but a key such as `[` never reaches that check (found
 * by src/fuzz.test.ts: `GET /sandboxes?%5B=` answered 200); no parameter of
 * this API has a bracket in its name, so such a key is always unknown.
 */
export const refuseBracketQueryKeys: RequestHandler = (req, _res, next) => {
  const query = req.originalUrl.split('?')[1];
  for (const key of new URLSearchParams(query ?? '').keys()) {
    if (/[[\]]/.test(key)) {
      next(
        new InputError(
          `query: '${key.slice(0, 50)}' is not a parameter of this endpoint`,
        ),
      );
      return;
    }
  }
  next();
};
