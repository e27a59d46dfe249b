/** Patch failures with the status code kube-apiserver answers them with. */
import { ApiError, badRequest, internalError, statusFailure } from '../errors';

/** A patch failure: 400 (malformed patch), 422 (does not apply) or 500 (upstream returns a plain error). */
export class PatchError extends Error {
  constructor(
    readonly code: 400 | 422 | 500,
    message: string,
  ) {
    super(message);
    this.name = 'PatchError';
  }
}

/**
 * The ApiError upstream sends for a patch failure. A 422 is built by NewGenericServerResponse, which
 * drops the detail: the client sees only "the server rejected our request due to an error in our request".
 */
export function patchErrorToApiError(e: PatchError): ApiError {
  if (e.code === 400) return badRequest(e.message);
  if (e.code === 422) {
    return new ApiError(
      statusFailure(422, 'Invalid', 'the server rejected our request due to an error in our request', {}),
    );
  }
  return internalError(e.message);
}
