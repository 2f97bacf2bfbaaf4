import { InvalidCursor } from '@caseledger/read-models';
import { validationProblem } from '../problem-details/problem-validation.pipe';

/** Runs a page query, turning a cursor that is not ours into the 400 that names `cursor`. */
export async function withCursorCheck<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    if (error instanceof InvalidCursor) throw validationProblem([{ field: 'cursor', message: error.message }], 'query');
    throw error;
  }
}
